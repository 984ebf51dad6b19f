/**
 * Instant mode in a run worker: one run's whole path from t = 0 to `steps` on a fresh engine, in one
 * go. The run is stepped along its record's grid (instant-record.ts: every step of a run up to 20,000
 * steps, fewer rows for a large cloud) and read at each row (its statistics and its first particle in
 * float64, as `sgd-lab run` records them), so the result is the very path `sgd-lab run` computes.
 * Between chunks of about `YIELD_MS` of work the worker lets its port deliver what arrived: a newer
 * request makes `stale()` true and the computation stops.
 */
import { INSTANT_SUPERSEDED } from '../../shared/contract/instant';
import type { RunCore } from '../engine/api';
import { RECORD_STATS, recordEvery, recordSteps, type InstantRecord } from '../../shared/contract/instant-record';

/** Work between two looks at the port (ms): a newer change waits at most about this long. */
const YIELD_MS = 8;

/**
 * Steps `engine` (at t = 0) along its record's grid to `steps` and reads it at each row; throws
 * `INSTANT_SUPERSEDED` as soon as `stale()` says a newer request came. The engine is left at `steps`.
 */
export async function instantRecord(
  engine: RunCore,
  steps: number,
  dims: number,
  stale: () => boolean,
): Promise<InstantRecord> {
  const every = recordEvery(steps, engine.run.particles);
  const grid = recordSteps(steps, every);
  const width = RECORD_STATS.length + dims;
  const values = new Float64Array(grid.length * width);
  let since = performance.now();
  for (const [row, t] of grid.entries()) {
    if (t > engine.t) engine.step(t - engine.t);
    if (engine.sync) await engine.sync(1);
    const { stats, positions } = engine.read(1, true);
    const o = row * width;
    RECORD_STATS.forEach((name, c) => (values[o + c] = stats[name]));
    for (let d = 0; d < dims; d++) values[o + RECORD_STATS.length + d] = positions[d] ?? NaN;
    if (performance.now() - since > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
      if (stale()) throw new Error(INSTANT_SUPERSEDED);
    }
  }
  if (stale()) throw new Error(INSTANT_SUPERSEDED);
  return { dims, rows: grid.length, every, values };
}
