/**
 * The video encoder's thread: canvas frames in (VideoFrames, transferred), encoded by WebCodecs'
 * VideoEncoder (VP9 or VP8, software here) and muxed into WebM (webm-mux.ts); the file out at
 * `finish`. A frame is acknowledged once the encoder's queue has room, so the page never holds more
 * than a few frames.
 */
import { muxWebm, type MuxFrame } from './webm-mux';
import type { EncoderReply } from './encoder-client';

/** The first message: the encoder's settings (`codec` a WebCodecs codec string). */
export interface VideoStart {
  type: 'start';
  codec: string;
  width: number;
  height: number;
  fps: number;
  bitrate: number;
}

type VideoMessage = VideoStart | { type: 'frame'; frame: VideoFrame; index: number } | { type: 'finish' };

/** A key frame (and a new cluster) every two seconds of video: seeking stays cheap. */
const KEY_EVERY_S = 2;
/** Frames the encoder may hold before a frame is acknowledged. */
const QUEUE = 2;

let encoder: VideoEncoder | null = null;
let start: VideoStart | null = null;
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

onmessage = async (e: MessageEvent<VideoMessage>) => {
  const m = e.data;
  if (failed) {
    if (m.type === 'frame') m.frame.close();
    return;
  }
  try {
    if (m.type === 'start') {
      start = m;
      encoder = new VideoEncoder({
        output: (chunk) => {
          const data = new Uint8Array(chunk.byteLength);
          chunk.copyTo(data);
          chunks.push({ data, timeMs: chunk.timestamp / 1000, key: chunk.type === 'key' });
        },
        error: (error) => fail(`the video encoder failed: ${error.message}`),
      });
      encoder.configure({ codec: m.codec, width: m.width, height: m.height, bitrate: m.bitrate, framerate: m.fps });
    } else if (!encoder || !start) throw new Error('the video was not started');
    else if (m.type === 'frame') {
      encoder.encode(m.frame, { keyFrame: m.index % Math.max(1, Math.round(KEY_EVERY_S * start.fps)) === 0 });
      m.frame.close();
      await room(encoder);
      reply({ type: 'ack', done: ++acked });
    } else {
      await encoder.flush();
      encoder.close();
      chunks.sort((a, b) => a.timeMs - b.timeMs);
      const codec = start.codec.startsWith('vp8') ? 'V_VP8' : 'V_VP9';
      const bytes = muxWebm(chunks, { codec, width: start.width, height: start.height, frameMs: 1000 / start.fps });
      reply({ type: 'done', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer]);
    }
  } catch (error) {
    if (m.type === 'frame') m.frame.close();
    fail(error instanceof Error ? error.message : String(error));
  }
};
