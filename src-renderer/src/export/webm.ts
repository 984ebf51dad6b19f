/**
 * A WebM video of the figure, frame by frame. Where the browser has WebCodecs (Chromium does), each
 * frame's figure is drawn and encoded off the page's thread (video-worker.ts: drawn by
 * frame-canvas.ts, VP9 else VP8, muxed by webm-mux.ts), as fast as the page can show the steps, each
 * lasting exactly 1/fps. Elsewhere the figure is drawn on the page (frame-canvas.ts) and MediaRecorder
 * records its capture stream in real time: each frame is held 1/fps, or as long as the next takes to
 * draw (MediaRecorder's pause cannot skip that time: Chromium then drops frames).
 */
import { EncoderClient } from './encoder-client';
import { figureCanvas } from './compose';
import { closeFrame, drawFrame, frameTransfer, type FigureFrame } from './frame-canvas';
import type { VideoStart } from './video-worker';

export interface VideoWriter {
  /** Adds the figure (figure-snapshot.ts, its images transferred) as the next frame (waits while the encoder is behind). */
  add(figure: FigureFrame): Promise<void>;
  /** Ends the video: the WebM file. */
  finish(): Promise<Blob>;
  /** Stops the encoder (after `finish`, or when the export failed). */
  close(): void;
}

/** The WebCodecs codecs tried (in the worker), best first. */
const CODECS = ['vp09.00.10.08', 'vp8'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function canRecordWebm(): boolean {
  return (
    typeof VideoEncoder !== 'undefined' ||
    (typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported('video/webm'))
  );
}

/** A video of figures of `width` × `height` at `fps`. */
export function openVideo(width: number, height: number, fps: number, bitrate = 8_000_000): VideoWriter {
  if (typeof VideoEncoder === 'undefined' || typeof Worker === 'undefined')
    return recordCanvas(figureCanvas(width, height), fps, bitrate);
  const start: VideoStart = { type: 'start', codecs: CODECS, width, height, fps, bitrate };
  const worker = new Worker(new URL('./video-worker.ts', import.meta.url), { type: 'module' });
  const client = new EncoderClient(worker, start);
  let index = 0;
  return {
    async add(figure) {
      if (figure.width !== width || figure.height !== height) throw new Error('a video frame of another size');
      try {
        await client.send({ type: 'frame', figure, index: index++ }, frameTransfer(figure));
      } catch (error) {
        closeFrame(figure);
        throw error;
      }
    },
    finish: async () => new Blob([await client.finish()], { type: 'video/webm' }),
    close: () => client.close(),
  };
}

/** MediaRecorder on the capture stream of `canvas`, where each figure is drawn (see above). */
function recordCanvas(canvas: HTMLCanvasElement, fps: number, bitsPerSecond: number): VideoWriter {
  if (typeof MediaRecorder === 'undefined') throw new Error('this browser cannot record WebM video');
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!track) throw new Error('the canvas gave no video track');
  const mimeType = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) =>
    MediaRecorder.isTypeSupported(t),
  );
  if (!mimeType) throw new Error('this browser cannot record WebM video');
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: bitsPerSecond });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  recorder.start(1000);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context for the video');
  return {
    async add(figure) {
      ctx.drawImage(drawFrame(figure), 0, 0);
      track.requestFrame();
      await sleep(1000 / fps);
    },
    finish: () =>
      new Promise<Blob>((resolve, reject) => {
        recorder.onstop = () => resolve(new Blob(chunks, { type: 'video/webm' }));
        recorder.onerror = () => reject(new Error('the video recorder failed'));
        recorder.stop();
      }),
    close: () => {
      if (recorder.state !== 'inactive') recorder.stop();
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}
