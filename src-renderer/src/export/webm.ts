/**
 * A WebM video of a canvas (MediaRecorder on its capture stream): `frame(ms)` sends the canvas as it
 * is now and holds it at least `ms`. The video keeps real time: a frame that takes longer to draw
 * than its period lasts longer (MediaRecorder's pause cannot be used to skip that time: Chromium then
 * drops frames), so on a fast machine a video is frames ÷ fps long.
 */

export interface WebmWriter {
  frame(ms: number): Promise<void>;
  stop(): Promise<Blob>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function canRecordWebm(): boolean {
  return typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported('video/webm');
}

export function startWebm(canvas: HTMLCanvasElement, bitsPerSecond = 8_000_000): WebmWriter {
  if (!canRecordWebm()) throw new Error('this browser cannot record WebM video');
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!track) throw new Error('the canvas gave no video track');
  const mimeType = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) =>
    MediaRecorder.isTypeSupported(t),
  )!;
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: bitsPerSecond });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  recorder.start(1000);
  return {
    async frame(ms) {
      track.requestFrame();
      await sleep(ms);
    },
    stop: () =>
      new Promise<Blob>((resolve, reject) => {
        recorder.onstop = () => {
          stream.getTracks().forEach((t) => t.stop());
          resolve(new Blob(chunks, { type: 'video/webm' }));
        };
        recorder.onerror = () => reject(new Error('the video recorder failed'));
        recorder.stop();
      }),
  };
}
