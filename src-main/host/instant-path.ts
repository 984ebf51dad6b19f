/**
 * Instant mode in a run worker: one run's whole path from t = 0 to `steps` on a fresh engine, in one
 * go. The run is stepped to evenly spaced steps (every k = ⌈steps / points⌉-th, the last step always
 * last) and read there (its statistics and its first particle in float64, as `sgd-lab run` records them), so the
 * result is the very path `sgd-lab run` computes. Between chunks of about `YIELD_MS` of work the worker
 * lets its port deliver what arrived: a newer request makes `stale()` true and the computation stops.
 */
import { HISTORY_POINTS, type RunHistory } from '../../shared/contract/lab';
import { INSTANT_SUPERSEDED } from '../../shared/contract/instant';
import type { RunCore } from '../engine/api';

/** Work between two looks at the port (ms): a newer change waits at most about this long. */
const YIELD_MS = 8;

/** The steps read: 0, k, 2k, …, and `steps` last (k = ⌈steps / (points − 1)⌉, at most `points` in all). */
export function instantSteps(steps: number, points = HISTORY_POINTS): number[] {
  const k = Math.max(1, Math.ceil(steps / Math.max(1, points - 1)));
  const out: number[] = [];
  for (let t = 0; t < steps; t += k) out.push(t);
  out.push(steps);
  return out;
}

/**
 * Steps `engine` (at t = 0) to each of `instantSteps(steps, points)` and reads it there; throws
 * `INSTANT_SUPERSEDED` as soon as `stale()` says a newer request came. The engine is left at `steps`.
 */
export async function instantPath(
  engine: RunCore,
  steps: number,
  dims: number,
  stale: () => boolean,
  points = HISTORY_POINTS,
): Promise<RunHistory> {
  const history: RunHistory = {
    t: [],
    lr: [],
    loss: [],
    lossMin: [],
    lossMax: [],
    examples: [],
    tau: [],
    dims,
    path: [],
  };
  let since = performance.now();
  for (const t of instantSteps(steps, points)) {
    if (t > engine.t) engine.step(t - engine.t);
    if (engine.sync) await engine.sync(1);
    const { stats, positions } = engine.read(1, true);
    history.t.push(stats.t);
    history.lr.push(stats.lr);
    history.loss.push(stats.loss);
    history.lossMin.push(stats.lossMin);
    history.lossMax.push(stats.lossMax);
    history.examples.push(stats.examples);
    history.tau.push(stats.tau);
    for (let d = 0; d < dims; d++) history.path.push(positions[d] ?? NaN);
    if (performance.now() - since > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    if (stale()) throw new Error(INSTANT_SUPERSEDED);
  }
  return history;
}
