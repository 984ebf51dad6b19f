/**
 * The page's side of an encoder worker (video-worker.ts, gif-worker.ts): frames go over one by one,
 * at most `inFlight` unacknowledged (a frame of 1280 × 720 is 3.7 MB: the page never queues more),
 * and `finish` returns the file's bytes. The worker's messages are `EncoderReply`s.
 */

/** What an encoder worker says: frames done so far, the file, or what failed. */
export type EncoderReply =
  { type: 'ack'; done: number } | { type: 'done'; bytes: ArrayBuffer } | { type: 'error'; message: string };

export class EncoderClient {
  private sent = 0;
  private done = 0;
  private failure: Error | null = null;
  private waiting: (() => void) | null = null;
  private file: ((bytes: ArrayBuffer) => void) | null = null;

  constructor(
    private readonly worker: Worker,
    start: unknown,
    private readonly inFlight = 3,
  ) {
    worker.onmessage = (e: MessageEvent<EncoderReply>) => {
      const reply = e.data;
      if (reply.type === 'ack') this.done = reply.done;
      else if (reply.type === 'error') this.failure = new Error(reply.message);
      else this.file?.(reply.bytes);
      this.wake();
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.failure = new Error(`the encoder stopped: ${e.message || 'worker error'}`);
      this.wake();
    };
    worker.postMessage(start);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Sends one frame (its buffers transferred), first waiting while `inFlight` are unanswered. */
  async send(message: unknown, transfer: Transferable[]): Promise<void> {
    while (!this.failure && this.sent - this.done >= this.inFlight)
      await new Promise<void>((resolve) => (this.waiting = resolve));
    this.check();
    this.worker.postMessage(message, transfer);
    this.sent++;
  }

  /** Ends the stream: the file's bytes once every frame is encoded. */
  async finish(): Promise<Uint8Array<ArrayBuffer>> {
    this.check();
    const bytes = new Promise<ArrayBuffer>((resolve) => (this.file = resolve));
    this.worker.postMessage({ type: 'finish' });
    for (;;) {
      const got = await Promise.race([bytes, new Promise<null>((resolve) => (this.waiting = () => resolve(null)))]);
      this.check();
      if (got) return new Uint8Array(got);
    }
  }

  close(): void {
    this.worker.terminate();
  }
}
