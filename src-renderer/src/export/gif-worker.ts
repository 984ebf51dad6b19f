/**
 * The GIF encoder's thread: RGBA frames in (their buffers transferred), quantized and LZW-coded by
 * gif-frames.ts off the page's thread; the file's bytes out at `finish`.
 */
import { GifFrames } from './gif-frames';
import type { EncoderReply } from './encoder-client';

/** The first message: the frames' size and how long each shows. */
export interface GifStart {
  type: 'start';
  width: number;
  height: number;
  delayMs: number;
}

type GifMessage = GifStart | { type: 'frame'; rgba: ArrayBuffer } | { type: 'finish' };

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
      gif.add(new Uint8ClampedArray(m.rgba), size.width, size.height);
      reply({ type: 'ack', done: gif.frames });
    } else {
      const bytes = gif.finish();
      const out = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      reply({ type: 'done', bytes: out }, [out]);
    }
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
