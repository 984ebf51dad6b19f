/**
 * One run's recording (SPEC §9) built step by step: the recorded steps, η, examples, τ, the mean loss,
 * the measures and the first positions of each recorded frame, kept as typed arrays, handed over with
 * how the run ends as nested arrays or packed (moved, not copied, between threads).
 */
import type { Coordinates, PackedPositionsWire } from '../../shared/experiment/packed-positions';
import { RUN_MEASURES, type RunMeasure, type RunRecording } from '../../shared/experiment/recording';
import type { RunFrame } from './api';

/** The recorded steps of a run of `steps` steps. */
export function recordedSteps(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= steps; t += every) out.push(t);
  if (out[out.length - 1] !== steps) out.push(steps);
  return out;
}

/** Rows of D numbers from a row-major block. */
export function rows(flat: Coordinates, D: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += D) out.push(Array.from(flat.subarray(i, i + D)));
  return out;
}

/** A loss as the recording writes it: null where it is not finite (JSON has no NaN or ∞). */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A SPEC §9 run entry with its positions packed (`PackedPositions` revives them on the host). */
export interface PackedRunRecording extends Omit<RunRecording, 'positions' | 'final'> {
  positions: PackedPositionsWire;
  final: { t: number; positions: PackedPositionsWire; loss: number | null };
}

/** How a run ends: at step t with these positions, mean loss and divergence count. */
export interface Final {
  t: number;
  positions: Coordinates;
  loss: number;
  diverged: RunRecording['diverged'];
  /** The measures at the end (a model's). */
  measures?: Partial<Record<RunMeasure, number>>;
}

/**
 * A run's recording built step by step: `take` each recorded frame (the first `particles` positions
 * of it, whole rows, copied), then `recording` (nested arrays) or `packed` with how the run ends.
 */
export class RunRecordingBuilder {
  readonly t: number[] = [];
  private readonly lr: number[] = [];
  private readonly examples: number[] = [];
  private readonly tau: number[] = [];
  readonly loss: (number | null)[] = [];
  readonly positions: Coordinates[] = [];
  /** The measures the engine reports besides the loss (a model's, SPEC §13), per recorded step. */
  private readonly measures = new Map<RunMeasure, (number | null)[]>();

  /** `cap`: more recorded steps than this are not kept (a live run played far past its steps). */
  constructor(
    readonly name: string,
    readonly dims: number,
    readonly particles: number,
    private readonly cap = Infinity,
  ) {}

  take(frame: RunFrame): void {
    if (this.t.length >= this.cap) return;
    const s = frame.stats;
    this.t.push(s.t);
    this.lr.push(s.lr);
    this.examples.push(s.examples);
    this.tau.push(s.tau);
    this.loss.push(finiteOrNull(s.loss));
    this.positions.push(this.firstRows(frame.positions, this.particles));
    for (const m of RUN_MEASURES) {
      const v = s[m];
      if (v === undefined) continue;
      if (!this.measures.has(m)) this.measures.set(m, []);
      this.measures.get(m)!.push(finiteOrNull(v));
    }
  }

  /** The measures' series (with `extra`'s) and their values at the end, for the runs that report them. */
  private measured(end: Final, extra?: RunFrame) {
    const series: Partial<Record<RunMeasure, (number | null)[]>> = {};
    const last: Partial<Record<RunMeasure, number | null>> = {};
    for (const [m, values] of this.measures) {
      const more = extra?.stats[m];
      series[m] = more === undefined ? values : [...values, finiteOrNull(more)];
      last[m] = finiteOrNull(end.measures?.[m] ?? NaN);
    }
    return { series, last };
  }

  /** The first `count` whole rows of `flat`, copied (an engine's array may be a view that changes). */
  private firstRows(flat: Coordinates, count: number): Coordinates {
    const n = Math.min(count * this.dims, flat.length - (flat.length % this.dims));
    return flat.slice(0, n);
  }

  /** How a run ends after a frame of all its particles. */
  finalOf(frame: RunFrame): Final {
    const s = frame.stats;
    const measures = Object.fromEntries(RUN_MEASURES.flatMap((m) => (s[m] === undefined ? [] : [[m, s[m]]])));
    return {
      t: s.t,
      positions: this.firstRows(frame.positions, Infinity),
      loss: s.loss,
      diverged: s.diverged,
      measures,
    };
  }

  /** How a run whose engine threw ends: what was recorded stands, every particle stopped at its last step. */
  failedAt(P: number): Final {
    const k = this.t.length - 1;
    const t = k >= 0 ? this.t[k]! : 0;
    const positions = k >= 0 ? this.positions[k]! : new Float64Array(0);
    return { t, positions, loss: k >= 0 ? (this.loss[k] ?? NaN) : NaN, diverged: { step: t, particles: P } };
  }

  /** The steps taken so far (and `extra`, a frame of the current step, not kept), with the end. */
  private entry(end: Final, extra?: RunFrame) {
    const more = extra ? [extra.stats] : [];
    const positions = extra ? [...this.positions, this.firstRows(extra.positions, this.particles)] : this.positions;
    const { series, last } = this.measured(end, extra);
    return {
      name: this.name,
      t: [...this.t, ...more.map((s) => s.t)],
      lr: [...this.lr, ...more.map((s) => s.lr)],
      examples: [...this.examples, ...more.map((s) => s.examples)],
      tau: [...this.tau, ...more.map((s) => s.tau)],
      loss: [...this.loss, ...more.map((s) => finiteOrNull(s.loss))],
      positions,
      final: { t: end.t, positions: end.positions, loss: finiteOrNull(end.loss), ...last },
      diverged: end.diverged,
      ...series,
    };
  }

  /** The SPEC §9 run entry, positions as nested arrays. */
  recording(end: Final, extra?: RunFrame): RunRecording {
    const e = this.entry(end, extra);
    return {
      ...e,
      positions: e.positions.map((p) => rows(p, this.dims)),
      final: { ...e.final, positions: rows(e.final.positions, this.dims) },
    };
  }

  /** The same with the positions packed into typed arrays (moved, not copied, between threads). */
  packed(end: Final, extra?: RunFrame): PackedRunRecording {
    const e = this.entry(end, extra);
    const all = e.final.positions;
    const final = { data: all, dims: this.dims, particles: all.length / this.dims, steps: null };
    return { ...e, positions: this.pack(e.positions), final: { ...e.final, positions: final } };
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
