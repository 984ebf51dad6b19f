/**
 * The video encoder's thread: figures in (their numbers and bitmaps, transferred), each drawn here
 * (frame-canvas.ts), encoded by WebCodecs' VideoEncoder (VP9 or VP8, software here) and muxed into
 * WebM (webm-mux.ts); the file out at `finish`. A frame is acknowledged once the encoder's queue has
 * room, so the page never holds more than a few frames; the encoder codes frame N while frame N + 1
 * is drawn.
 */
import { muxWebm, type MuxFrame } from './webm-mux';
import { closeFrame, drawFrame, type FigureFrame } from './frame-canvas';
import type { EncoderReply } from './encoder-client';

/** The first message: the encoder's settings (`codecs`: WebCodecs codec strings, best first). */
export interface VideoStart {
  type: 'start';
  codecs: string[];
  width: number;
  height: number;
  fps: number;
  bitrate: number;
}

type VideoMessage = VideoStart | { type: 'frame'; figure: FigureFrame; index: number } | { type: 'finish' };

/** A key frame (and a new cluster) every two seconds of video: seeking stays cheap. */
const KEY_EVERY_S = 2;
/** Frames the encoder may hold before a frame is acknowledged. */
const QUEUE = 2;

let encoder: VideoEncoder | null = null;
let start: VideoStart | null = null;
/** The codec chosen: the first of `codecs` this browser encodes at the size asked. */
let codec = '';
let failed: string | null = null;
let acked = 0;
const chunks: MuxFrame[] = [];
const reply = (r: EncoderReply, transfer: Transferable[] = []) => postMessage(r, { transfer });
const fail = (message: string) => {
  failed ??= message;
  reply({ type: 'error', message });
};

/** Waits until the encoder holds at most QUEUE frames. */
async function room(enc: VideoEncoder): Promise<void> {
  while (enc.encodeQueueSize > QUEUE)
    await new Promise<void>((resolve) => enc.addEventListener('dequeue', () => resolve(), { once: true }));
}

async function handle(m: VideoMessage): Promise<void> {
  if (failed) {
    if (m.type === 'frame') closeFrame(m.figure);
    return;
  }
  try {
    if (m.type === 'start') {
      start = m;
      encoder = new VideoEncoder({
        output: (chunk) => {
          const data = new Uint8Array(chunk.byteLength);
          chunk.copyTo(data);
          // Timestamps went in as whole µs: the frame's index gives its exact time.
          const index = Math.round((chunk.timestamp * start!.fps) / 1e6);
          chunks.push({ data, timeMs: (index * 1000) / start!.fps, key: chunk.type === 'key' });
        },
        error: (error) => fail(`the video encoder failed: ${error.message}`),
      });
      // Software: asking for a hardware encoder probes the GPU process, which also paints the page.
      const config = {
        width: m.width,
        height: m.height,
        bitrate: m.bitrate,
        framerate: m.fps,
        hardwareAcceleration: 'prefer-software' as const,
        latencyMode: 'realtime' as const,
      };
      // Asked here, not in the page: Chromium's check builds an encoder on the calling thread.
      for (const c of m.codecs)
        if (!codec && (await VideoEncoder.isConfigSupported({ ...config, codec: c }).catch(() => null))?.supported)
          codec = c;
      if (!codec) throw new Error(`this browser encodes none of ${m.codecs.join(', ')} at ${m.width} × ${m.height}`);
      encoder.configure({ ...config, codec });
    } else if (!encoder || !start) throw new Error('the video was not started');
    else if (m.type === 'frame') {
      const { fps } = start;
      const frame = new VideoFrame(drawFrame(m.figure), {
        timestamp: Math.round((m.index * 1e6) / fps),
        duration: 1e6 / fps,
      });
      try {
        encoder.encode(frame, { keyFrame: m.index % Math.max(1, Math.round(KEY_EVERY_S * fps)) === 0 });
      } finally {
        frame.close();
      }
      await room(encoder);
      reply({ type: 'ack', done: ++acked });
    } else {
      await encoder.flush();
      encoder.close();
      chunks.sort((a, b) => a.timeMs - b.timeMs);
      const bytes = muxWebm(chunks, {
        codec: codec.startsWith('vp8') ? 'V_VP8' : 'V_VP9',
        width: start.width,
        height: start.height,
        frameMs: 1000 / start.fps,
      });
      reply({ type: 'done', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer]);
    }
  } catch (error) {
    if (m.type === 'frame') closeFrame(m.figure);
    fail(error instanceof Error ? error.message : String(error));
  }
}

/** Messages are handled one after another (a frame waits for the encoder its start configures). */
let queue = Promise.resolve();
onmessage = (e: MessageEvent<VideoMessage>) => {
  queue = queue.then(() => handle(e.data));
};
