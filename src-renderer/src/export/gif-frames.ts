/**
 * The frames of an animated GIF (gifenc), one palette kept while it draws them: a frame is
 * quantized to its own 256 colours only when the current palette leaves more than a few of its
 * pixels far from every palette colour (a new run colour, a new chart line). Runs in a worker
 * (gif-worker.ts); pure, so a test runs it too.
 */
import { GIFEncoder, applyPalette, nearestColorIndexWithDistance, quantize, type Palette } from 'gifenc';

/** A pixel's colour key as gifenc's applyPalette caches colours: RGB 5-6-5. */
const key565 = (r: number, g: number, b: number) => ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);

/**
 * Whether `palette` can draw a frame: at most `allowed` pixels lie further than `maxDistance`
 * (Euclidean, RGB 0–255) from their nearest palette colour. Distances are cached per 5-6-5 key.
 */
export class PaletteFit {
  private readonly distance = new Float32Array(65536).fill(-1);
  private readonly max2: number;

  constructor(
    readonly palette: Palette,
    maxDistance = 40,
    private readonly allowed = 32,
  ) {
    this.max2 = maxDistance * maxDistance;
  }

  fits(rgba: Uint8Array | Uint8ClampedArray): boolean {
    let bad = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
      const k = key565(r, g, b);
      let d = this.distance[k]!;
      if (d < 0) d = this.distance[k] = nearestColorIndexWithDistance(this.palette, [r, g, b])[1];
      if (d > this.max2 && ++bad > this.allowed) return false;
    }
    return true;
  }
}

export class GifFrames {
  private readonly gif = GIFEncoder();
  private fit: PaletteFit | null = null;
  /** The first frame's palette: the file's global colour table. */
  private global: Palette | null = null;
  /** Frames written, and how many of them needed a palette of their own. */
  frames = 0;
  quantized = 0;

  constructor(private readonly delayMs: number) {}

  add(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
    if (!this.fit || !this.fit.fits(rgba)) {
      this.fit = new PaletteFit(quantize(rgba, 256));
      this.quantized++;
    }
    const palette = this.fit.palette;
    this.global ??= palette;
    const index = applyPalette(rgba, palette);
    // The global table serves every frame drawn with it; another palette goes in a local table.
    const local = palette !== this.global || this.frames === 0;
    this.gif.writeFrame(index, width, height, { ...(local ? { palette } : {}), delay: this.delayMs });
    this.frames++;
  }

  finish(): Uint8Array {
    this.gif.finish();
    return this.gif.bytes();
  }
}
