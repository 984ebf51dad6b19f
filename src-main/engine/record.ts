/**
 * Records one run into its part of the recording (SPEC §9): t = 0, every `record.every`, and always
 * the last step; η_t (η_1 at t = 0), the mean full loss over live particles, the first
 * `record.particles` positions; at the end every particle and the divergence count.
 */
import type { RunRecording } from '../../shared/spec/recording';
import type { RunEngine } from './api';

/** The recorded steps of a run of `steps` steps. */
export function recordedSteps(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= steps; t += every) out.push(t);
  if (out[out.length - 1] !== steps) out.push(steps);
  return out;
}

/** Rows of D numbers from a row-major block. */
export function rows(flat: Float32Array | Float64Array, D: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += D) out.push(Array.from(flat.subarray(i, i + D)));
  return out;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export interface RecordOptions {
  steps: number;
  every: number;
  particles: number;
  /** Called after each recorded step. */
  onRecord?: (t: number) => void;
}

/** Steps the engine through the whole run, recording as it goes. */
export function recordRun(engine: RunEngine, opts: RecordOptions): RunRecording {
  const D = engine.run.start.length;
  const rec: RunRecording = {
    name: engine.run.name,
    t: [],
    lr: [],
    examples: [],
    tau: [],
    loss: [],
    positions: [],
    final: { t: 0, positions: [], loss: null },
    diverged: null,
  };
  let stats = engine.stats();
  for (const t of recordedSteps(opts.steps, opts.every)) {
    if (t > engine.t) engine.step(t - engine.t);
    stats = engine.stats();
    rec.t.push(t);
    rec.lr.push(stats.lr);
    rec.examples.push(stats.examples);
    rec.tau.push(stats.tau);
    rec.loss.push(finiteOrNull(stats.loss));
    rec.positions.push(rows(engine.positions64?.(opts.particles) ?? engine.positions(opts.particles), D));
    opts.onRecord?.(t);
  }
  rec.final = {
    t: engine.t,
    positions: rows(engine.positions64?.(engine.run.particles) ?? engine.positions(engine.run.particles), D),
    loss: finiteOrNull(stats.loss),
  };
  rec.diverged = stats.diverged;
  return rec;
}
