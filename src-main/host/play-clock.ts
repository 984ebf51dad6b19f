/**
 * The lab host's one clock: the play state and the loop that, while playing, advances every running
 * run by the same chunk of steps, waits for all of them (their frames go out as each finishes), then
 * pauses to the frame interval — so side by side the runs are always at the same t.
 */
import type { RunSlot } from './run-slot';

/** What the clock needs of the host. */
export interface ClockedRuns {
  slots(): readonly RunSlot[];
  /** Where every run stops (the experiment's steps). */
  steps(): number;
  /** Steps one run by n, emitting its frame; false when it failed. */
  advance(slot: RunSlot, n: number): Promise<boolean>;
  emitState(): void;
}

export class PlayClock {
  playing = false;
  stepsPerFrame = 10;
  /** Whether the play loop is running. */
  private pumping = false;

  constructor(
    private readonly runs: ClockedRuns,
    private readonly frameIntervalMs: number,
  ) {}

  /** Playing with nothing left to run (every run done or failed) is paused. */
  stopIfIdle(): void {
    if (this.playing && !this.runs.slots().some((s) => s.status === 'running')) this.playing = false;
  }

  /** Plays or pauses every run that can (a run at the end is done, a failed one stays failed). */
  setPlaying(playing: boolean): void {
    this.playing = playing;
    const steps = this.runs.steps();
    for (const slot of this.runs.slots()) {
      if (slot.failed) continue;
      slot.status = slot.t >= steps ? 'done' : playing ? 'running' : 'paused';
    }
    this.stopIfIdle();
    if (this.playing) void this.pump();
    this.runs.emitState();
  }

  /** The play loop (one at a time; a second call while it runs does nothing). */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.playing) {
        const began = Date.now();
        const running = this.runs.slots().filter((s) => s.status === 'running');
        if (running.length === 0) break;
        const t = Math.max(...running.map((s) => s.t));
        const n = Math.min(this.stepsPerFrame, this.runs.steps() - t);
        if (n <= 0) break;
        await Promise.all(running.map((s) => this.runs.advance(s, n)));
        const wait = this.frameIntervalMs - (Date.now() - began);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    } finally {
      this.pumping = false;
    }
    if (this.playing && !this.runs.slots().some((s) => s.status === 'running')) {
      this.stopIfIdle();
      this.runs.emitState();
    }
  }
}
