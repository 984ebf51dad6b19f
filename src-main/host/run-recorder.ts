/**
 * Records what one run computed so far, as a SPEC §9 run entry: every `record.every` steps (and the
 * start), the step's learning rate, mean loss and the first `record.particles` particles. An engine
 * that steps asynchronously (the GPU's) is read back at each recorded step (`sync`) and only there.
 * Positions are kept as typed arrays (a nested array per particle would cost ~10× the memory) and
 * handed over packed (`PackedRunRecording`), to be written as JSON straight from them.
 */
import type { TransferListItem } from 'node:worker_threads';
import type { Coordinates, PackedPositionsWire } from '../../shared/spec/packed-positions';
import type { RunRecording } from '../../shared/spec/recording';
import type { RunEngine } from '../engine/api';
import { finiteOrNull } from '../engine/record';

/** A SPEC §9 run entry with its positions packed (`PackedPositions` revives them on the host). */
export interface PackedRunRecording extends Omit<RunRecording, 'positions' | 'final'> {
  positions: PackedPositionsWire;
  final: { t: number; positions: PackedPositionsWire; loss: number | null };
}

/** The buffers of `recording` to move (not copy) to the host. */
export function transferOf(recording: PackedRunRecording): TransferListItem[] {
  return [recording.positions.data.buffer as ArrayBuffer, recording.final.positions.data.buffer as ArrayBuffer];
}

/** More records than this are not kept (a run played far past its steps); later ones are dropped. */
export const MAX_RECORDS = 100_000;

export class RunRecorder {
  private readonly t: number[] = [];
  private readonly lr: number[] = [];
  private readonly examples: number[] = [];
  private readonly tau: number[] = [];
  private readonly loss: (number | null)[] = [];
  /** The first `particles` particles at each recorded step, `dims` numbers each. */
  private readonly positions: Coordinates[] = [];

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
  async result(): Promise<PackedRunRecording> {
    if (this.engine.sync) await this.engine.sync(this.engine.run.particles);
    const stats = this.engine.stats();
    const extra = this.t[this.t.length - 1] === this.engine.t ? null : this.snapshot();
    const all = this.rows(this.engine.positions(this.engine.run.particles));
    const steps = extra ? [...this.positions, extra.positions] : this.positions;
    return {
      name: this.engine.run.name,
      t: extra ? [...this.t, extra.t] : [...this.t],
      lr: extra ? [...this.lr, extra.lr] : [...this.lr],
      examples: extra ? [...this.examples, extra.examples] : [...this.examples],
      tau: extra ? [...this.tau, extra.tau] : [...this.tau],
      loss: extra ? [...this.loss, extra.loss] : [...this.loss],
      positions: this.pack(steps),
      final: { t: this.engine.t, positions: { ...this.wire(all), steps: null }, loss: finiteOrNull(stats.loss) },
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
    positions: Coordinates;
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

  /** A copy of whole rows of `flat` (the engine's array may be a view that changes or is detached). */
  private rows(flat: Coordinates): Coordinates {
    return flat.slice(0, flat.length - (flat.length % this.dims));
  }

  private wire(rows: Coordinates): Omit<PackedPositionsWire, 'steps'> {
    return { data: rows, dims: this.dims, particles: rows.length / this.dims };
  }

  /** The recorded steps' positions as one array, [steps × particles × dims]. */
  private pack(steps: Coordinates[]): PackedPositionsWire {
    const first = steps[0];
    const size = first?.length ?? 0;
    if (steps.some((s) => s.length !== size)) throw new Error('recorded steps hold different numbers of particles');
    const data = first ? new (first.constructor as Float32ArrayConstructor)(size * steps.length) : new Float32Array(0);
    steps.forEach((s, i) => data.set(s, i * size));
    return { data, dims: this.dims, particles: size / this.dims, steps: steps.length };
  }
}
