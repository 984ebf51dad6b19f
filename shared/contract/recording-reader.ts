/**
 * A SPEC §9 recording read as a replay reads it: whether a file is one and whether it holds together,
 * the experiment it can load, its recorded steps, one run's frame at one of them and its history up
 * to one. Pure code.
 */
import { HISTORY_POINTS, type Frame, type RunHistory } from './lab';
import { RECORDING_FORMAT, RecordingSchema, type Recording, type RunRecording } from '../experiment/recording';
import type { Experiment } from '../experiment/experiment';

/** Whether a parsed JSON file is a recording (by its `format`), whatever else it holds. */
export function looksLikeRecording(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === RECORDING_FORMAT;
}

export type ParsedRecording = { ok: true; recording: Recording } | { ok: false; error: string };

/** Checks a recording's shape (SPEC §9) and that each run's per-step arrays agree in length and order. */
export function parseRecording(value: unknown): ParsedRecording {
  const parsed = RecordingSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'recording'}: ${i.message}`);
    return { ok: false, error: `invalid recording: ${detail.slice(0, 8).join('; ')}` };
  }
  const recording = parsed.data;
  const spec = recording.spec as Partial<Experiment>;
  if (!Array.isArray(spec.runs) || !Array.isArray(spec.loss?.params))
    return { ok: false, error: 'invalid recording: spec: not an experiment (runs and loss.params are missing)' };
  for (const [i, run] of recording.runs.entries()) {
    const n = run.t.length;
    for (const key of ['lr', 'examples', 'tau', 'loss', 'positions'] as const)
      if (run[key].length !== n)
        return { ok: false, error: `invalid recording: runs.${i}.${key}: ${run[key].length} values for ${n} steps` };
    for (let k = 1; k < n; k++)
      if (run.t[k]! <= run.t[k - 1]!) return { ok: false, error: `invalid recording: runs.${i}.t: not ascending` };
  }
  return { ok: true, recording };
}

/**
 * A recording's experiment as the lab loads it: the recording holds it normalized, where a preset's
 * loss also carries its formula, and a loss gives a preset or a formula, not both.
 */
export function loadableExperiment(experiment: Experiment): Record<string, unknown> {
  const { loss } = experiment;
  if (!loss.preset) return { ...experiment };
  const { expr: _expr, ...rest } = loss;
  return { ...experiment, loss: rest };
}

/** Every recorded step of any run, ascending, without repeats. */
export function recordedTimes(recording: Recording): number[] {
  const all = new Set<number>();
  for (const run of recording.runs) for (const t of run.t) all.add(t);
  return [...all].sort((a, b) => a - b);
}

/** The index of the last of `times` (ascending) at or before `t`; 0 when `t` is before them all. */
export function indexAt(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The recorded particles of `run` at its recorded step `k`: `positions[k]`, except at the last step,
 * where `final.positions` (every particle) stands when it was taken at that step.
 */
export function recordedPositions(run: RunRecording, k: number): (number | null)[][] {
  const last = k === run.t.length - 1 && run.final.t === run.t[k];
  return last ? run.final.positions : (run.positions[k] ?? []);
}

/** One run's frame at recorded step `k`: all recorded particles (up to `cap`) or only the first (`cap` 1). */
export function frameAt(run: RunRecording, index: number, k: number, dims: number, cap: number): Frame {
  const points = recordedPositions(run, k);
  const count = Math.min(points.length, cap);
  const positions = new Float32Array(count * dims);
  for (let p = 0; p < count; p++) {
    const point = points[p]!;
    for (let d = 0; d < dims; d++) positions[p * dims + d] = point[d] ?? NaN;
  }
  const t = run.t[k]!;
  const loss = run.loss[k] ?? NaN;
  return {
    run: index,
    t,
    lr: run.lr[k]!,
    loss,
    lossMin: loss,
    lossMax: loss,
    examples: run.examples[k]!,
    tau: run.tau[k]!,
    diverged: run.diverged && t >= run.diverged.step ? run.diverged.particles : 0,
    positions,
    dims,
  };
}

/**
 * One run's history up to its recorded step `k` (none for k < 0), as the live lab gives a view that
 * joins: at most `cap` evenly spaced recorded steps and always step `k`, with the first particle's path
 * at those of them whose positions were recorded (and a network's `measures` at those steps).
 */
export function historyAt(
  run: RunRecording,
  k: number,
  dims: number,
  cap = HISTORY_POINTS,
  measures?: (steps: number[]) => RunHistory['model'],
): RunHistory {
  const steps: number[] = [];
  if (k >= 0) {
    const stride = Math.max(1, Math.ceil((k + 1) / cap));
    for (let i = 0; i < k; i += stride) steps.push(i);
    steps.push(k);
  }
  const pick = (xs: readonly (number | null)[]) => steps.map((i) => xs[i] ?? NaN);
  const loss = pick(run.loss);
  const model = measures?.(steps);
  const path = steps.flatMap((i) => {
    const first = recordedPositions(run, i)[0];
    return first ? Array.from({ length: dims }, (_, d) => first[d] ?? NaN) : [];
  });
  return {
    t: pick(run.t),
    lr: pick(run.lr),
    loss,
    lossMin: loss,
    lossMax: loss,
    examples: pick(run.examples),
    tau: pick(run.tau),
    dims,
    path,
    ...(model ? { model } : {}),
  };
}
