/**
 * The loss over a plane's grid, computed progressively: nested index sets from coarse to fine
 * (`gridLevels`), each level computing only the points the coarser ones lack (`levelPoints`), in
 * chunks that a caller can stop between (`evaluatePoints` is a generator: a worker that stops iterating
 * has cancelled). loss[i][j] = L(center + alpha[j]·d1 + beta[i]·d2), kept flat as values[i·G + j].
 * Pure code.
 */
import { Projector } from './project';
import type { FullLoss, GridJob } from './types';

export type { GridJob };

/** G evenly spaced numbers from lo to hi (both included; G ≥ 2). */
export function linspace(lo: number, hi: number, G: number): number[] {
  return Array.from({ length: G }, (_, j) => (j === G - 1 ? hi : lo + ((hi - lo) * j) / (G - 1)));
}

/**
 * Nested index sets of a G-point axis, coarse to fine: level m holds round(k·(G − 1)/2^m) for
 * k = 0…2^m, from 3 indices (both ends and the middle) up to every index 0…G − 1 at the last level.
 * Each set contains the previous one (index 2k of level m + 1 is index k of level m).
 */
export function gridLevels(G: number): number[][] {
  const levels: number[][] = [];
  for (let m = 1; ; m++) {
    const steps = 2 ** m;
    if (steps >= G - 1) {
      levels.push(Array.from({ length: G }, (_, i) => i));
      return levels;
    }
    levels.push([...new Set(Array.from({ length: steps + 1 }, (_, k) => Math.round((k * (G - 1)) / steps)))]);
  }
}

/** The flat indices i·G + j of level `l`'s grid (rows and columns from `levels[l]`) absent from level l − 1's. */
export function levelPoints(levels: readonly number[][], l: number, G: number): Int32Array {
  const now = levels[l]!;
  const before = new Set(l > 0 ? levels[l - 1] : []);
  const out: number[] = [];
  for (const i of now) for (const j of now) if (!(before.has(i) && before.has(j))) out.push(i * G + j);
  return Int32Array.from(out);
}

/** Points evaluated per chunk (one `lossMany` call when the loss has it). */
export const CHUNK_POINTS = 64;

/**
 * Evaluates the loss (the test loss with `test`) at the flat grid indices `points`, writing
 * values[i·G + j] (by the loss's plane kernel when it has one, else by `lossMany` or `loss` at Φ); yields the number of points done after each chunk, so the caller can report
 * progress, hand the thread back, or stop (cancel) between chunks.
 */
export function* evaluatePoints(
  job: GridJob,
  loss: FullLoss,
  points: Int32Array,
  values: Float64Array,
  test = false,
  chunk = CHUNK_POINTS,
): Generator<number, void, undefined> {
  const G = job.alpha.length;
  const D = loss.D;
  const projector = new Projector(job.plane);
  const single = test ? loss.testLoss?.bind(loss) : loss.loss.bind(loss);
  if (!single) throw new Error('this loss has no test examples');
  const packed = new Float64Array(chunk * D);
  const onPlane = loss.onPlane?.(job.plane);
  for (let start = 0; start < points.length; start += chunk) {
    const end = Math.min(points.length, start + chunk);
    if (onPlane) {
      for (let p = start; p < end; p++) {
        const at = points[p]!;
        values[at] = onPlane(job.alpha[at % G]!, job.beta[Math.floor(at / G)]!, test);
      }
      yield end;
      continue;
    }
    for (let p = start; p < end; p++) {
      const at = points[p]!;
      projector.point(
        job.alpha[at % G]!,
        job.beta[Math.floor(at / G)]!,
        packed.subarray((p - start) * D, (p - start + 1) * D),
      );
    }
    if (loss.lossMany) {
      const out = loss.lossMany(packed.subarray(0, (end - start) * D), end - start, test);
      for (let p = start; p < end; p++) values[points[p]!] = out[p - start]!;
    } else {
      for (let p = start; p < end; p++)
        values[points[p]!] = single(packed.subarray((p - start) * D, (p - start + 1) * D));
    }
    yield end;
  }
}

/**
 * Level `l` of the progressive grid (`gridLevels`): the points it adds to level l − 1, evaluated into
 * values[i·G + j] chunk by chunk (a generator, as `evaluatePoints`: stop iterating to cancel).
 */
export function evaluateLevel(
  job: GridJob,
  loss: FullLoss,
  levels: readonly number[][],
  l: number,
  values: Float64Array,
  test = false,
): Generator<number, void, undefined> {
  return evaluatePoints(job, loss, levelPoints(levels, l, job.alpha.length), values, test);
}

/** Every level's points in turn, run to the end: the whole grid, values[i·G + j]. */
export function evaluateGrid(job: GridJob, loss: FullLoss, test = false): Float64Array {
  const G = job.alpha.length;
  const values = new Float64Array(G * job.beta.length).fill(NaN);
  const levels = gridLevels(G);
  for (let l = 0; l < levels.length; l++)
    for (const _ of evaluatePoints(job, loss, levelPoints(levels, l, G), values, test));
  return values;
}
