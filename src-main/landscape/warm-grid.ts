/**
 * A warm landscape thread's side (grid-thread.ts started without `workerData`, kept by the lab for
 * every plane it is asked: plane-threads.ts). It lowers its own priority as the run workers do (the
 * view keeps its frame rate), then answers, one at a time, in order:
 *  - `plane`: remember grid job `job` of a model — its full loss built once per model (`modelKey`),
 *    its plane kernel once per job — and the job's stop flag;
 *  - `points`: the training (or test) loss at those grid points of job `job`, checking the stop flag
 *    every `STOP_EVERY` points (a stopped job answers `superseded` within a few points);
 *  - `frame`: a live plane framed (live-plane.ts);
 *  - `drop`: forget job `job`.
 * The values are those of a grid thread started for the job alone (the same kernel on the same points).
 */
import type { MessagePort } from 'node:worker_threads';
import type { ModelData } from '../../shared/data/model-data';
import type { Model } from '../../shared/experiment/experiment';
import { evaluatePoints } from '../../shared/landscape/grid';
import type { FullLoss, GridJob } from '../../shared/landscape/types';
import { serve } from '../files/thread-rpc';
import { lowerThreadPriority } from '../host/thread-priority';
import { frameLivePlane, type LivePlaneInput } from './live-plane';
import { modelFullLoss } from './model-loss';

/** What a warm landscape thread is asked (see above). */
export type WarmRequest =
  | { type: 'plane'; job: number; modelKey: number; model: Model; data: ModelData; grid: GridJob; stop: Int32Array }
  | { type: 'points'; job: number; points: Int32Array; test: boolean }
  | { type: 'frame'; input: LivePlaneInput }
  | { type: 'drop'; job: number };

/** Points between two looks at a job's stop flag. */
const STOP_EVERY = 4;
/** Models (their full losses) and jobs a thread keeps at most (a job is dropped when it ends). */
const KEEP_MODELS = 2;
const KEEP_JOBS = 8;

interface Job {
  grid: GridJob;
  /** The model's loss with the job's plane kernel built once (evaluatePoints asks for it per request). */
  loss: FullLoss;
  scratch: Float64Array;
  stop: Int32Array;
}

/** Sets `key` → `value` in `map`, forgetting the oldest entries past `keep`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, keep: number): V {
  map.delete(key);
  map.set(key, value);
  for (const old of map.keys()) if (map.size > keep) map.delete(old);
  return value;
}

/** Serves a warm landscape thread's requests on `port` (see above). */
export function serveWarm(port: MessagePort): void {
  lowerThreadPriority();
  const losses = new Map<number, FullLoss>();
  const jobs = new Map<number, Job>();
  serve<WarmRequest, unknown>(port, (req) => {
    switch (req.type) {
      case 'plane': {
        const loss =
          losses.get(req.modelKey) ?? remember(losses, req.modelKey, modelFullLoss(req.model, req.data), KEEP_MODELS);
        const kernel = loss.onPlane?.(req.grid.plane);
        const scratch = new Float64Array(req.grid.alpha.length * req.grid.beta.length);
        remember(
          jobs,
          req.job,
          { grid: req.grid, loss: kernel ? { ...loss, onPlane: () => kernel } : loss, scratch, stop: req.stop },
          KEEP_JOBS,
        );
        return { value: null };
      }
      case 'points': {
        const job = jobs.get(req.job);
        if (!job) throw new Error(`landscape thread: no grid job ${req.job}`);
        const { grid, loss, scratch, stop } = job;
        for (const _ of evaluatePoints(grid, loss, req.points, scratch, req.test, STOP_EVERY))
          if (Atomics.load(stop, 0) !== 0) throw new Error('superseded');
        const values = Float64Array.from(req.points, (p) => scratch[p]!);
        return { value: values, transfer: [values.buffer as ArrayBuffer] };
      }
      case 'frame':
        return { value: frameLivePlane(req.input) };
      case 'drop':
        jobs.delete(req.job);
        return { value: null };
    }
  });
}
