/**
 * An animated GIF of canvas frames, looping forever: each frame's pixels go to a worker
 * (gif-worker.ts), which quantizes them to 256 colours (one palette kept while it fits, see
 * gif-frames.ts) and LZW-codes them off the page's thread.
 */
import { EncoderClient } from './encoder-client';
import type { GifStart } from './gif-worker';

export interface GifWriter {
  /** Adds the canvas as it is now as the next frame (waits while the encoder is behind). */
  add(canvas: HTMLCanvasElement): Promise<void>;
  /** Ends the stream: the GIF file. */
  finish(): Promise<Blob>;
  /** Stops the encoder (after `finish`, or when the export failed). */
  close(): void;
}

export function createGif(width: number, height: number, delayMs: number): GifWriter {
  const start: GifStart = { type: 'start', width, height, delayMs };
  const worker = new Worker(new URL('./gif-worker.ts', import.meta.url), { type: 'module' });
  const client = new EncoderClient(worker, start);
  return {
    async add(canvas) {
      if (canvas.width !== width || canvas.height !== height) throw new Error('a GIF frame of another size');
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('no 2D context for the GIF frame');
      const { data } = ctx.getImageData(0, 0, width, height);
      await client.send({ type: 'frame', rgba: data.buffer }, [data.buffer]);
    },
    finish: async () => new Blob([await client.finish()], { type: 'image/gif' }),
    close: () => client.close(),
  };
}
