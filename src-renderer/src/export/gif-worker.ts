/**
 * The GIF encoder's thread: figures in (their numbers and bitmaps, transferred), each drawn here
 * (frame-canvas.ts), quantized and LZW-coded by gif-frames.ts off the page's thread; the file's bytes
 * out at `finish`.
 */
import { GifFrames } from './gif-frames';
import { closeFrame, drawFrame, type FigureFrame } from './frame-canvas';
import type { EncoderReply } from './encoder-client';

/** The first message: the frames' size and how long each shows. */
export interface GifStart {
  type: 'start';
  width: number;
  height: number;
  delayMs: number;
}

type GifMessage = GifStart | { type: 'frame'; figure: FigureFrame } | { type: 'finish' };

let gif: GifFrames | null = null;
let size = { width: 0, height: 0 };
const reply = (r: EncoderReply, transfer: Transferable[] = []) => postMessage(r, { transfer });

onmessage = (e: MessageEvent<GifMessage>) => {
  const m = e.data;
  try {
    if (m.type === 'start') {
      gif = new GifFrames(m.delayMs);
      size = { width: m.width, height: m.height };
    } else if (!gif) throw new Error('the GIF was not started');
    else if (m.type === 'frame') {
      const ctx = drawFrame(m.figure).getContext('2d', { willReadFrequently: true })!;
      gif.add(ctx.getImageData(0, 0, size.width, size.height).data, size.width, size.height);
      reply({ type: 'ack', done: gif.frames });
    } else {
      const bytes = gif.finish();
      const out = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      reply({ type: 'done', bytes: out }, [out]);
    }
  } catch (error) {
    if (m.type === 'frame') closeFrame(m.figure);
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
