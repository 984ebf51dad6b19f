/**
 * Backpressure for one view: frames are coalesced per run (the latest wins) and the state is
 * coalesced too, so a slow view never grows a queue — it just sees fewer frames. `flush` sends what is
 * pending whenever `ready()` says the view can take more, and retries on a timer otherwise.
 */
import type { Frame, LabState } from '../../shared/contract/lab';

export interface MailboxSink {
  /** Whether the view can take more now (e.g. a socket's bufferedAmount under its high-water mark). */
  ready(): boolean;
  sendState(state: LabState): void;
  sendFrame(frame: Frame): void;
}

export class FrameMailbox {
  private readonly frames = new Map<number, Frame>();
  private state: LabState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Frames replaced before they were sent (for tests and diagnostics). */
  dropped = 0;

  constructor(
    private readonly sink: MailboxSink,
    private readonly retryMs = 15,
  ) {}

  putFrame(frame: Frame): void {
    if (this.frames.has(frame.run)) this.dropped += 1;
    this.frames.set(frame.run, frame);
    this.flush();
  }

  putState(state: LabState): void {
    this.state = state;
    this.flush();
  }

  /** How many frames wait (never more than the number of runs). */
  get pending(): number {
    return this.frames.size;
  }

  flush(): void {
    if (this.closed || this.timer) return;
    // The state goes first and is never held back by frames: it is small and says what the frames mean.
    if (this.state) {
      const state = this.state;
      this.state = null;
      this.sink.sendState(state);
    }
    if (this.frames.size === 0) return;
    if (!this.sink.ready()) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.retryMs);
      return;
    }
    const frames = [...this.frames.values()];
    this.frames.clear();
    for (const frame of frames) this.sink.sendFrame(frame);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.frames.clear();
  }
}
