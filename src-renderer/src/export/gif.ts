/**
 * An animated GIF of the figure, looping forever: each frame's figure goes to a worker
 * (gif-worker.ts), which draws it (frame-canvas.ts), quantizes it to 256 colours (one palette kept
 * while it fits, see gif-frames.ts) and LZW-codes it off the page's thread.
 */
import { EncoderClient } from './encoder-client';
import { closeFrame, frameTransfer, type FigureFrame } from './frame-canvas';
import type { GifStart } from './gif-worker';

export interface GifWriter {
  /** Adds the figure (figure-snapshot.ts, its images transferred) as the next frame (waits while the encoder is behind). */
  add(figure: FigureFrame): Promise<void>;
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
    async add(figure) {
      if (figure.width !== width || figure.height !== height) throw new Error('a GIF frame of another size');
      try {
        await client.send({ type: 'frame', figure }, frameTransfer(figure));
      } catch (error) {
        closeFrame(figure);
        throw error;
      }
    },
    finish: async () => new Blob([await client.finish()], { type: 'image/gif' }),
    close: () => client.close(),
  };
}
