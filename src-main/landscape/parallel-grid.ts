/**
 * A model's landscape grid over worker threads (grid-thread.ts): the points are dealt round-robin to
 * up to one thread per core, each with its own plane kernel (no shared state: the values do not depend
 * on the number of threads), and gathered into values[i·G + j]. The examples are handed over in shared
 * memory (one copy, not one per thread). A small grid is computed here.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ModelData } from '../../shared/data/model-data';
import { evaluateGrid } from '../../shared/landscape/grid';
import type { FullLoss, GridJob } from '../../shared/landscape/types';
import type { Model } from '../../shared/experiment/experiment';
import { bundledEntry } from '../files/bundle';
import { ThreadCaller, type ThreadWords } from '../files/thread-rpc';
import type { LivePlaneInput } from './live-plane';

export interface GridThreadInit {
  model: Model;
  data: ModelData;
  job: GridJob;
}
/**
 * What a landscape thread is asked (files/thread-rpc.ts): the loss at grid points (a grid thread,
 * answered with their values) or its plane framed (a frame thread, answered with a LiveFramedPlane).
 */
export type GridThreadRequest = { type: 'points'; points: Int32Array; test: boolean } | { type: 'frame' };
/** A live plane to frame on a thread (the lab's `plane`, live-plane.ts). */
export interface FrameThreadInit {
  frame: LivePlaneInput;
}

/** How a landscape thread's end is worded. */
export const LANDSCAPE_THREAD: ThreadWords = {
  crashed: (error) => error.message,
  stopped: (code) => `a landscape thread stopped (exit code ${code})`,
};

/** A landscape thread started with `workerData`. */
export const landscapeThread = (workerData: GridThreadInit | FrameThreadInit) =>
  new ThreadCaller<GridThreadRequest>(new Worker(bundledEntry('grid-thread'), { workerData }), LANDSCAPE_THREAD);

/** A copy of `a` in shared memory: every thread then reads the same bytes instead of its own clone. */
export function shared<T extends Float64Array | Int32Array>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The examples with their inputs and targets in shared memory. */
export const sharedExamples = <E extends ModelData['train']>(set: E): E => ({
  ...set,
  x: shared(set.x),
  y: shared(set.y),
});

/** Points below which a thread is not worth starting (each thread costs ~50 ms to start here). */
const POINTS_PER_THREAD = 256;

/** The whole grid of `job` for `loss` (the model's, `modelFullLoss(model, data)`), on up to `threads` threads. */
export async function evaluateGridThreaded(
  job: GridJob,
  loss: FullLoss,
  model: Model,
  data: ModelData,
  test: boolean,
  threads = availableParallelism(),
): Promise<Float64Array> {
  const G = job.alpha.length;
  const count = Math.max(1, Math.min(threads, Math.floor((G * G) / POINTS_PER_THREAD)));
  if (count === 1) return evaluateGrid(job, loss, test);
  const values = new Float64Array(G * G);
  const init: GridThreadInit = {
    model,
    data: { ...data, train: sharedExamples(data.train), test: data.test ? sharedExamples(data.test) : null },
    job,
  };
  await Promise.all(
    Array.from({ length: count }, async (_, t) => {
      const points = Int32Array.from({ length: Math.ceil((G * G - t) / count) }, (_, k) => t + k * count);
      const thread = landscapeThread(init);
      try {
        const got = await thread.call<Float64Array>({ type: 'points', points, test });
        points.forEach((p, k) => (values[p] = got[k]!));
      } finally {
        await thread.worker.terminate();
      }
    }),
  );
  return values;
}
