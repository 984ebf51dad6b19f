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

/** A loss as the recording writes it: null where it is not finite (JSON has no NaN or ∞). */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** One recorded step of a run: its statistics and the first `record.particles` positions. */
export interface RecordedStep {
  t: number;
  lr: number;
  examples: number;
  tau: number;
  loss: number;
  positions: (number | null)[][];
}

/** A run's recording built step by step: `take` each recorded step, `finish` with every particle at the end. */
export class RunRecordingBuilder {
  readonly recording: RunRecording;

  constructor(name: string) {
    this.recording = {
      name,
      t: [],
      lr: [],
      examples: [],
      tau: [],
      loss: [],
      positions: [],
      final: { t: 0, positions: [], loss: null },
      diverged: null,
    };
  }

  take(step: RecordedStep): void {
    const rec = this.recording;
    rec.t.push(step.t);
    rec.lr.push(step.lr);
    rec.examples.push(step.examples);
    rec.tau.push(step.tau);
    rec.loss.push(finiteOrNull(step.loss));
    rec.positions.push(step.positions);
  }

  finish(t: number, positions: (number | null)[][], loss: number, diverged: RunRecording['diverged']): RunRecording {
    this.recording.final = { t, positions, loss: finiteOrNull(loss) };
    this.recording.diverged = diverged;
    return this.recording;
  }
}

export interface RecordOptions {
  steps: number;
  every: number;
  particles: number;
  /** Called after each recorded step. */
  onRecord?: (t: number) => void;
  /**
   * Called when the engine throws: the run then ends there, its recording keeps the steps recorded so
   * far and counts every particle as stopped at the last of them (without it, the error propagates).
   */
  onError?: (error: Error, t: number) => void;
}

/** Steps the engine through the whole run, recording as it goes. */
export function recordRun(engine: RunEngine, opts: RecordOptions): RunRecording {
  const D = engine.run.start.length;
  const rec = new RunRecordingBuilder(engine.run.name);
  let stats = engine.stats();
  for (const t of recordedSteps(opts.steps, opts.every)) {
    try {
      if (t > engine.t) engine.step(t - engine.t);
      stats = engine.stats();
    } catch (error) {
      if (!opts.onError) throw error;
      return failed(rec, engine.run.particles, error instanceof Error ? error : new Error(String(error)), opts);
    }
    const positions = rows(engine.positions64?.(opts.particles) ?? engine.positions(opts.particles), D);
    rec.take({ ...stats, t, positions });
    opts.onRecord?.(t);
  }
  const all = rows(engine.positions64?.(engine.run.particles) ?? engine.positions(engine.run.particles), D);
  return rec.finish(engine.t, all, stats.loss, stats.diverged);
}

/** Ends a run whose engine threw: what was recorded stands, every particle stopped at the last recorded step. */
function failed(rec: RunRecordingBuilder, particles: number, error: Error, opts: RecordOptions): RunRecording {
  const r = rec.recording;
  const k = r.t.length - 1;
  const t = k >= 0 ? r.t[k]! : 0;
  opts.onError?.(error, t);
  return rec.finish(t, k >= 0 ? r.positions[k]! : [], k >= 0 ? (r.loss[k] ?? NaN) : NaN, { step: t, particles });
}
