/**
 * Instant mode's full-resolution record of one run and what is sent of it. The run worker reads the
 * run at every step of a grid (every step up to `RECORD_ROWS` steps, fewer for a large cloud, whose
 * every read is a pass over its particles) into one Float64Array, rows of
 * [t, lr, loss, lossMin, lossMax, examples, tau, x₁ … x_D] (the first particle). The page gets a
 * thinned history (`thinIndices`: the points of the path ~2 px apart, as the view draws it, and an even
 * backbone for the charts), and any row on demand (the scrubber: `frameAt`), exact in float64.
 */
import { HISTORY_POINTS, type Frame, type RunHistory } from './lab';

/** The statistics' columns of a row, before the D coordinates. */
export const RECORD_STATS = ['t', 'lr', 'loss', 'lossMin', 'lossMax', 'examples', 'tau'] as const;
const S = RECORD_STATS.length;
/** Most rows of a run's record (every step of a 20,000-step run). */
export const RECORD_ROWS = 20_001;
/** Particle-reads a record may cost (each row's statistics pass over every particle). */
const READ_BUDGET = 20_000_000;
/**
 * Nearest distance (the domain scaled to [-1, 1] per axis) between two points of the path sent: the
 * view passes over points nearer than 0.004 scene units (~2 px) to the last one drawn (scene/run-path.ts).
 */
export const MIN_STEP = 0.004;
/** At least this many evenly spaced rows are sent too, so the charts have the whole run in time. */
export const BACKBONE = 256;

/** One run's rows: `values` holds `rows` rows of `RECORD_STATS.length + dims` numbers. */
export interface InstantRecord {
  dims: number;
  rows: number;
  /** The grid's spacing in steps (the last row is the run's last step). */
  every: number;
  values: Float64Array;
}

/** The grid's spacing for a run of `steps` steps and `particles` particles (1: every step). */
export function recordEvery(steps: number, particles: number): number {
  const rows = Math.max(HISTORY_POINTS, Math.min(RECORD_ROWS, Math.floor(READ_BUDGET / Math.max(1, particles))));
  return Math.max(1, Math.ceil(steps / (rows - 1)));
}

/** The steps read: 0, every, 2·every, …, and `steps` last. */
export function recordSteps(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < steps; t += every) out.push(t);
  out.push(steps);
  return out;
}

/**
 * The rows sent: the first and last, every ⌈rows / BACKBONE⌉-th, and each row whose first particle is
 * at least `minStep` (domain scaled to [-1, 1]) from the last row kept; should that keep more than
 * `cap`, `minStep` doubles until it does not (a noisy path then loses detail below the doubled step).
 */
export function thinIndices(
  record: InstantRecord,
  domain: readonly (readonly [number, number])[],
  minStep = MIN_STEP,
  cap = HISTORY_POINTS,
): number[] {
  const { rows, dims, values } = record;
  const width = S + dims;
  const scale = Array.from({ length: dims }, (_, d) => 2 / ((domain[d]?.[1] ?? 1) - (domain[d]?.[0] ?? 0)));
  const stride = Math.max(1, Math.ceil(rows / BACKBONE));
  for (let step = minStep; ; step *= 2) {
    const kept = [0];
    let last = 0;
    for (let i = 1; i < rows; i++) {
      let far = i === rows - 1 || i % stride === 0;
      if (!far) {
        let d2 = 0;
        for (let d = 0; d < dims; d++)
          d2 += ((values[i * width + S + d]! - values[last * width + S + d]!) * scale[d]!) ** 2;
        // A NaN (a diverged particle) is kept: where the path ends is part of what it shows.
        far = !(d2 < step * step);
      }
      if (far) {
        kept.push(i);
        last = i;
      }
    }
    if (kept.length <= cap || rows <= cap) return kept;
  }
}

/** The rows `indices` as a run's history (its statistics, the first particle's path). */
export function historyOf(record: InstantRecord, indices: readonly number[]): RunHistory {
  const { dims, values } = record;
  const width = S + dims;
  const column = (c: number) => indices.map((i) => values[i * width + c]!);
  const path: number[] = [];
  for (const i of indices) for (let d = 0; d < dims; d++) path.push(values[i * width + S + d]!);
  return {
    t: column(0),
    lr: column(1),
    loss: column(2),
    lossMin: column(3),
    lossMax: column(4),
    examples: column(5),
    tau: column(6),
    dims,
    path,
  };
}

/** Row `k` (clamped) of run `run`'s record as a frame: its statistics and the first particle. */
export function frameAt(record: InstantRecord, k: number, run: number): Frame {
  const { dims, values, rows } = record;
  const width = S + dims;
  const o = Math.max(0, Math.min(rows - 1, Math.round(k))) * width;
  return {
    run,
    t: values[o]!,
    lr: values[o + 1]!,
    loss: values[o + 2]!,
    lossMin: values[o + 3]!,
    lossMax: values[o + 4]!,
    examples: values[o + 5]!,
    tau: values[o + 6]!,
    diverged: 0,
    positions: Float32Array.from(values.subarray(o + S, o + width)),
    dims,
  };
}
