/**
 * Records what one run computed so far, as a SPEC §9 run entry: every `record.every` steps (and the
 * start), the step's learning rate, mean loss and the first `record.particles` particles. An engine
 * that steps asynchronously (the GPU's) is read back at each recorded step (`sync`) and only there.
 */
import type { RunRecording } from '../../shared/spec/recording';
import type { RunEngine } from '../engine/api';
import { finiteOrNull } from '../engine/record';

export type { RunRecording };

/** More records than this are not kept (a run played far past its steps); later ones are dropped. */
export const MAX_RECORDS = 100_000;

export class RunRecorder {
  private readonly t: number[] = [];
  private readonly lr: number[] = [];
  private readonly examples: number[] = [];
  private readonly tau: number[] = [];
  private readonly loss: (number | null)[] = [];
  private readonly positions: number[][][] = [];

  private constructor(
    private readonly engine: RunEngine,
    private readonly every: number,
    private readonly particles: number,
    private readonly dims: number,
  ) {}

  /** A recorder of `engine` from its current step on, that step taken (with `alsoRead` positions read back). */
  static async start(
    engine: RunEngine,
    every: number,
    particles: number,
    dims: number,
    alsoRead = 0,
  ): Promise<RunRecorder> {
    const recorder = new RunRecorder(engine, every, particles, dims);
    await recorder.take(alsoRead);
    return recorder;
  }

  /**
   * Steps the engine n times, stopping at each recorded step to take it. `alsoRead` positions are
   * read back with a recorded step that ends the advance (what the frame after it shows).
   */
  async advance(n: number, alsoRead = 0): Promise<void> {
    let left = n;
    while (left > 0) {
      const k = Math.min(left, this.every - (this.engine.t % this.every));
      this.engine.step(k);
      left -= k;
      if (this.engine.t % this.every === 0) await this.take(left === 0 ? alsoRead : 0);
    }
  }

  /** The recording so far, with the current step appended when it was not a recorded one. */
  async result(): Promise<RunRecording> {
    if (this.engine.sync) await this.engine.sync(this.engine.run.particles);
    const stats = this.engine.stats();
    const extra = this.t[this.t.length - 1] === this.engine.t ? null : this.snapshot();
    const all = this.rows(this.engine.positions(this.engine.run.particles));
    return {
      name: this.engine.run.name,
      t: extra ? [...this.t, extra.t] : [...this.t],
      lr: extra ? [...this.lr, extra.lr] : [...this.lr],
      examples: extra ? [...this.examples, extra.examples] : [...this.examples],
      tau: extra ? [...this.tau, extra.tau] : [...this.tau],
      loss: extra ? [...this.loss, extra.loss] : [...this.loss],
      positions: extra ? [...this.positions, extra.positions] : [...this.positions],
      final: { t: this.engine.t, positions: all, loss: finiteOrNull(stats.loss) },
      diverged: stats.diverged,
    };
  }

  private async take(alsoRead: number): Promise<void> {
    if (this.t.length >= MAX_RECORDS) return;
    if (this.engine.sync) await this.engine.sync(Math.max(this.particles, alsoRead));
    const s = this.snapshot();
    this.t.push(s.t);
    this.lr.push(s.lr);
    this.examples.push(s.examples);
    this.tau.push(s.tau);
    this.loss.push(s.loss);
    this.positions.push(s.positions);
  }

  private snapshot(): {
    t: number;
    lr: number;
    examples: number;
    tau: number;
    loss: number | null;
    positions: number[][];
  } {
    const stats = this.engine.stats();
    return {
      t: this.engine.t,
      lr: stats.lr,
      examples: stats.examples,
      tau: stats.tau,
      loss: finiteOrNull(stats.loss),
      positions: this.rows(this.engine.positions(this.particles)),
    };
  }

  private rows(flat: Float32Array): number[][] {
    const out: number[][] = [];
    for (let i = 0; i + this.dims <= flat.length; i += this.dims) out.push(Array.from(flat.subarray(i, i + this.dims)));
    return out;
  }
}
