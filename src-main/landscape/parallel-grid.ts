/**
 * What the landscape threads (grid-thread.ts) are started with and asked, and the examples in shared
 * memory (one copy, not one per thread). Each grid thread builds its own plane kernel (no shared
 * state: the values do not depend on the number of threads or on which points a thread is dealt);
 * landscape/plane-job.ts deals the points, for the lab and `sgd-lab landscape` alike.
 */
import { Worker } from 'node:worker_threads';
import type { ModelData } from '../../shared/data/model-data';
import type { GridJob } from '../../shared/landscape/types';
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
