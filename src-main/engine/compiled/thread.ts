/**
 * A compiled-engine thread: compiles the kernels it is given once, then on each `advance` steps its
 * particle range of every run and computes their full losses at the new step.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileKernel } from '../kernel/js-kernel';
import { zigguratTables } from '../random/counter-js';
import { arraysOf } from './arrays';
import { advanceRange } from './advance';
import type { ThreadInit, ThreadRequest } from './thread-protocol';
import { serve } from '../../files/thread-rpc';

const port = parentPort;
if (!port) throw new Error('thread.ts must run in a worker thread');
const init = workerData as ThreadInit;
const zig = zigguratTables();
const runs = init.runs.map((r) => ({
  kernel: compileKernel(r.source, { cols: init.cols, zig }),
  hyper: r.hyper,
  arrays: arraysOf(r.buffers),
  from: r.from,
  to: r.to,
}));

serve<ThreadRequest, null>(port, (req) => {
  runs.forEach((r, i) => advanceRange(r.kernel, r.arrays, r.from, r.to, req.t0, req.steps, req.values[i]!, r.hyper));
  return { value: null };
});
