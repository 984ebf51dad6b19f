/**
 * What a replay of a network's recording (SPEC §13) shows beyond a formula's: Φ's D weights a
 * particle, the recorded measures at each step (`Frame.model`, `RunHistory.model`), the recorded
 * paths its landscape plane goes through and the runs' Φ at its clock (`interpolate`). Pure code.
 */
import type { ModelMeasures } from './network';
import type { RunHistory } from './lab';
import type { Recording, RunRecording } from '../experiment/recording';
import type { RecordedPath } from '../landscape/types';
import { recordedPositions } from './recording-reader';

/**
 * The most numbers (points × D, all runs) of the recorded paths a replay's plane is framed from: every
 * recorded step up to that, else evenly thinned (the start and the end always kept). A replay opened
 * in the page sends them in one message, under the 4 MB a message may hold as JSON.
 */
export const PLANE_PATH_NUMBERS = 150_000;

/**
 * The coordinates of one particle: a formula's parameters, a network's D weights (as recorded: the
 * first recorded particle's length; 0 for a recording without any).
 */
export function recordingDims(recording: Recording): number {
  if (!recording.spec.loss.model) return recording.spec.loss.params.length;
  for (const run of recording.runs) {
    const point = run.positions[0]?.[0] ?? run.final.positions[0];
    if (point) return point.length;
  }
  return 0;
}

/** A recorded value, NaN where it is null or absent (no test rows, a regression's accuracy). */
const at = (xs: readonly (number | null)[] | undefined, k: number): number => xs?.[k] ?? NaN;

/**
 * Run `r`'s measures at its recorded step `k` (undefined for a formula). `firstLoss`, the first
 * particle's own loss, is the recorded mean loss when the run has one particle, else unknown (NaN).
 */
export function measuresAt(recording: Recording, r: number, k: number): ModelMeasures | undefined {
  if (!recording.spec.loss.model) return undefined;
  const run = recording.runs[r]!;
  return {
    testLoss: at(run.testLoss, k),
    accuracy: at(run.accuracy, k),
    testAccuracy: at(run.testAccuracy, k),
    ...(run.sharpness ? { sharpness: at(run.sharpness, k) } : {}),
    firstLoss: recording.spec.runs[r]?.particles === 1 ? at(run.loss, k) : NaN,
  };
}

/** Run `r`'s measures at its recorded steps `steps` (a history's), undefined for a formula. */
export function historyMeasures(recording: Recording, r: number, steps: readonly number[]): RunHistory['model'] {
  if (!recording.spec.loss.model) return undefined;
  const ms = steps.map((k) => measuresAt(recording, r, k)!);
  const pick = (key: 'testLoss' | 'accuracy' | 'testAccuracy' | 'firstLoss') => ms.map((m) => m[key]);
  return {
    testLoss: pick('testLoss'),
    accuracy: pick('accuracy'),
    testAccuracy: pick('testAccuracy'),
    firstLoss: pick('firstLoss'),
    ...(recording.runs[r]!.sharpness ? { sharpness: ms.map((m) => m.sharpness ?? NaN) } : {}),
  };
}

/** The first particle's Φ at run `run`'s recorded step `k` ([] when none was recorded; null → NaN). */
export function firstAt(run: RunRecording, k: number, dims: number): Float64Array {
  const point = recordedPositions(run, k)[0];
  return point ? Float64Array.from({ length: dims }, (_, d) => point[d] ?? NaN) : new Float64Array(0);
}

/**
 * Each run's first-particle path over the whole recording (SPEC §13 `landscape`'s paths): its points
 * at the recorded steps (thinned to `PLANE_PATH_NUMBERS`), and its final position.
 */
export function planePaths(recording: Recording, dims: number): RecordedPath[] {
  const runs = Math.max(1, recording.runs.length);
  const keep = Math.max(2, Math.floor(PLANE_PATH_NUMBERS / (runs * Math.max(1, dims))));
  return recording.runs.map((run, r) => {
    const n = run.t.length;
    const stride = Math.max(1, Math.ceil((n - 1) / (keep - 1)));
    const steps: number[] = [];
    for (let k = 0; k < n - 1; k += stride) steps.push(k);
    if (n > 0) steps.push(n - 1);
    const points = steps.map((k) => firstAt(run, k, dims)).filter((p) => p.length === dims);
    const final = run.final.positions[0];
    return {
      name: recording.spec.runs[r]?.name ?? run.name,
      t: steps.map((k) => run.t[k]!),
      points,
      final: final ? Float64Array.from(final, (x) => x ?? NaN) : (points.at(-1) ?? new Float64Array(dims)),
    };
  });
}

/** A path as a message carries it (JSON has no NaN: a diverged coordinate is null). */
export function wirePaths(paths: readonly RecordedPath[]): (number | null)[][][] {
  return paths.map((p) => p.points.map((phi) => Array.from(phi, (x) => (Number.isFinite(x) ? x : null))));
}
