/** An animated GIF of canvas frames (gifenc: a palette of 256 colors per frame, looping forever). */
import { GIFEncoder, applyPalette, quantize } from 'gifenc';

export interface GifWriter {
  /** Adds the canvas as it is now as the next frame. */
  add(canvas: HTMLCanvasElement): void;
  /** Ends the stream: the GIF file. */
  finish(): Blob;
}

export function createGif(delayMs: number): GifWriter {
  const gif = GIFEncoder();
  return {
    add(canvas) {
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('no 2D context for the GIF frame');
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const palette = quantize(data, 256);
      gif.writeFrame(applyPalette(data, palette), canvas.width, canvas.height, { palette, delay: delayMs });
    },
    finish() {
      gif.finish();
      return new Blob([gif.bytes() as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
    },
  };
}
