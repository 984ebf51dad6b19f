/**
 * Instant mode's pure parts: what a run's track holds at step index k of its computed path (the scrubber's position): the statistics and the
 * first particle's path up to k, the head at k — and at the last index the final frame, with its cloud.
 */
import type { Frame, RunHistory } from '../../../shared/contract/lab';
import type { Experiment } from '../../../shared/experiment/experiment';
import { MODEL_FIELDS, type TrackSnapshot } from './tracks';

/** What in an experiment changes its runs' paths (a rename does too: cheap, and the tracks follow names). */
export function pathKey(experiment: Experiment): string {
  const { loss, runs, steps, seed } = experiment;
  return JSON.stringify([loss, runs, steps, seed]);
}

/** The last index of `ts` (increasing) whose step is at most `t` (0 when none is). */
export function indexAtOrBefore(ts: readonly number[], t: number): number {
  let [lo, hi] = [0, ts.length - 1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The step at row k of a scrubber whose rows are `every` steps apart and whose last row is `last`. */
export function stepAt(k: number, every: number, last: number): number {
  return Math.min(last, Math.max(0, k) * every);
}

/**
 * Run `final.run`'s track at index k of its computed `history` (clamped); the last index shows `final`.
 * With `head` (the exact row at a step after index k, before the next), the track ends there instead:
 * its statistics and its first particle appended to those up to k.
 */
export function snapshotAt(history: RunHistory, final: Frame, k: number, head?: Frame): TrackSnapshot {
  const last = history.t.length - 1;
  const i = Math.max(0, Math.min(last, k));
  const n = i + 1;
  const d = history.dims;
  const at: Frame =
    head ??
    (i === last
      ? final
      : {
          run: final.run,
          t: history.t[i]!,
          lr: history.lr[i]!,
          loss: history.loss[i]!,
          lossMin: history.lossMin[i]!,
          lossMax: history.lossMax[i]!,
          examples: history.examples[i]!,
          tau: history.tau[i]!,
          diverged: 0,
          positions: Float32Array.from(history.path.slice(i * d, n * d)),
          dims: d,
        });
  const upTo = (values: number[], extra: number) => (head ? [...values.slice(0, n), extra] : values.slice(0, n));
  const snapshot = {
    last: at,
    t: upTo(history.t, at.t),
    loss: upTo(history.loss, at.loss),
    lossMin: upTo(history.lossMin, at.lossMin),
    lossMax: upTo(history.lossMax, at.lossMax),
    lr: upTo(history.lr, at.lr),
    examples: upTo(history.examples, at.examples),
    tau: upTo(history.tau, at.tau),
    path: head
      ? [...history.path.slice(0, n * d), ...Array.from(head.positions.subarray(0, d))]
      : history.path.slice(0, n * d),
    dims: d,
  } as TrackSnapshot;
  const nan = new Array<number>(snapshot.t.length).fill(NaN);
  for (const f of MODEL_FIELDS) snapshot[f] = nan;
  return snapshot;
}
