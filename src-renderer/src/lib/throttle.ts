/**
 * A trailing throttle: `request()` as often as you like, `run` is called at most once every `everyMs`
 * and always once after the last request (so the last value is never lost). Used for what the user
 * reads rather than watches (the status table's numbers): redrawing text on every animation frame
 * costs the page a repaint of its tiles each frame and nobody can read it at 60 Hz anyway.
 */
export interface Clock {
  now(): number;
  later(fn: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  later: (fn, ms) => setTimeout(fn, ms),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Throttle {
  private last = -Infinity;
  private pending: unknown = null;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => void,
    private readonly clock: Clock = realClock,
  ) {}

  /** Calls `run` now if the last call is `everyMs` old, else once when it will be. */
  request(): void {
    if (this.pending !== null) return;
    const wait = this.last + this.everyMs - this.clock.now();
    if (wait <= 0) this.fire();
    else this.pending = this.clock.later(() => this.fire(), wait);
  }

  /** Forgets a call on its way. */
  cancel(): void {
    if (this.pending !== null) this.clock.cancel(this.pending);
    this.pending = null;
  }

  private fire(): void {
    this.pending = null;
    this.last = this.clock.now();
    this.run();
  }
}
