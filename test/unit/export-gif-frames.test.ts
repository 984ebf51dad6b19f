/**
 * The GIF encoder of the export worker (src-renderer/src/export/gif-frames.ts), read back by a GIF
 * reader and LZW decoder written here from the GIF89a spec: one palette serves frames it draws (a
 * handful of far-off pixels allowed), a frame with a new colour gets its own local palette, and every
 * frame decodes to its pixels within the palette's reach.
 */
import { describe, expect, it } from 'vitest';
import { GifFrames, PaletteFit } from '../../src-renderer/src/export/gif-frames';

const W = 64;
const H = 64;

/** Left half black, right half white; `paint` then colours chosen pixels. */
function image(paint: (x: number, y: number) => number[] | null = () => null): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const c = paint(x, y) ?? (x < W / 2 ? [0, 0, 0] : [255, 255, 255]);
      rgba.set([...c, 255], 4 * (y * W + x));
    }
  return rgba;
}

/** GIF LZW (variable codes LSB first, clear and end codes, codes up to 12 bits) to indices. */
function lzw(minCode: number, data: number[]): number[] {
  const clear = 1 << minCode;
  let size = minCode + 1;
  let dict: number[][] = [];
  const reset = () => {
    dict = Array.from({ length: clear + 2 }, (_, i) => [i]);
    size = minCode + 1;
  };
  reset();
  const out: number[] = [];
  let prev: number[] | null = null;
  let bit = 0;
  for (;;) {
    let code = 0;
    for (let k = 0; k < size; k++, bit++) code |= ((data[bit >> 3]! >> (bit & 7)) & 1) << k;
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === clear + 1) return out;
    let entry: number[];
    if (code < dict.length) {
      entry = dict[code]!;
      if (prev) dict.push([...prev, entry[0]!]);
    } else {
      entry = [...prev!, prev![0]!];
      dict.push(entry);
    }
    out.push(...entry);
    prev = entry;
    if (dict.length === 1 << size && size < 12) size++;
  }
}

interface Decoded {
  rgb: number[][];
  local: boolean;
  delay: number;
}

/** Every frame's pixels (RGB through its local or the global table), whether it had a local table. */
function decode(b: Uint8Array): Decoded[] {
  expect(String.fromCharCode(...b.subarray(0, 6))).toBe('GIF89a');
  expect([b[6]! | (b[7]! << 8), b[8]! | (b[9]! << 8)]).toEqual([W, H]);
  const table = (at: number, packed: number) => {
    const n = 2 ** ((packed & 7) + 1);
    return Array.from({ length: n }, (_, k) => [...b.subarray(at + 3 * k, at + 3 * k + 3)]);
  };
  let i = 13;
  const global = b[10]! & 0x80 ? table(13, b[10]!) : [];
  i += 3 * global.length;
  const subBlocks = () => {
    const out: number[] = [];
    while (b[i] !== 0) {
      out.push(...b.subarray(i + 1, i + 1 + b[i]!));
      i += b[i]! + 1;
    }
    i++;
    return out;
  };
  const frames: Decoded[] = [];
  let delay = 0;
  for (;;) {
    const kind = b[i++];
    if (kind === 0x3b) return frames;
    if (kind === 0x21) {
      const label = b[i++];
      const body = subBlocks();
      if (label === 0xf9) delay = (body[1]! | (body[2]! << 8)) * 10;
    } else if (kind === 0x2c) {
      const packed = b[i + 8]!;
      i += 9;
      const colors = packed & 0x80 ? table(i, packed) : global;
      if (packed & 0x80) i += 3 * colors.length;
      const minCode = b[i++]!;
      const index = lzw(minCode, subBlocks());
      expect(index).toHaveLength(W * H);
      frames.push({ rgb: index.map((k) => colors[k]!), local: (packed & 0x80) !== 0, delay });
    } else throw new Error(`bad block ${kind}`);
  }
}

const dist = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const pixel = (rgba: Uint8ClampedArray, k: number) => [...rgba.subarray(4 * k, 4 * k + 3)];

describe('GIF frames with one palette kept', () => {
  it('a palette fits while at most `allowed` pixels lie beyond `maxDistance`', () => {
    const fit = new PaletteFit(
      [
        [0, 0, 0],
        [255, 255, 255],
      ],
      40,
      32,
    );
    expect(fit.fits(image())).toBe(true);
    // 32 grey pixels (221 from both colours): still fits; 33 do not.
    expect(fit.fits(image((x, y) => (y === 0 && x < 32 ? [128, 128, 128] : null)))).toBe(true);
    expect(fit.fits(image((x, y) => (y === 0 && x < 33 ? [128, 128, 128] : null)))).toBe(false);
    // Near colours (30 from black) fit however many.
    expect(fit.fits(image((x) => (x < W / 2 ? [30, 0, 0] : null)))).toBe(true);
  });

  it('reuses the first palette, quantizes a frame with a new colour, and decodes to the frames', () => {
    const gif = new GifFrames(100);
    const a = image();
    const b = image((x, y) => (y === 5 && x < 10 ? [128, 128, 128] : null));
    const red = (x: number, y: number) => (y >= 20 && y < 30 && x >= 10 && x < 30 ? [230, 20, 20] : null);
    const c = image(red);
    for (const f of [a, b, c]) gif.add(f, W, H);
    expect([gif.frames, gif.quantized]).toEqual([3, 2]);
    const frames = decode(gif.finish());
    expect(frames.map((f) => f.local)).toEqual([false, false, true]);
    expect(frames.map((f) => f.delay)).toEqual([100, 100, 100]);
    // Frame a exactly; b all but its 10 grey pixels (drawn with the first palette); c with its red.
    const off = (f: Decoded, src: Uint8ClampedArray) => f.rgb.filter((rgb, k) => dist(rgb, pixel(src, k)) > 40).length;
    expect(off(frames[0]!, a)).toBe(0);
    expect(off(frames[1]!, b)).toBe(10);
    expect(off(frames[2]!, c)).toBe(0);
  });
});
