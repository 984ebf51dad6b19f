/**
 * A model-engine thread: builds its ModelRuns once over the runs' shared arrays, then steps or
 * measures its particle range of them on each request (model-threads.ts) and answers (files/thread-rpc.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { arraysOf } from '../compiled/arrays';
import { serve } from '../../files/thread-rpc';
import { ModelRun } from './model-run';
import type { ModelThreadInit, ModelThreadRequest } from './model-threads';

const port = parentPort;
if (!port) throw new Error('model-thread.ts must run in a worker thread');
const init = workerData as ModelThreadInit;
const runs = init.runs.map(
  (r) =>
    new ModelRun(init.experiment, r.index, init.data, {
      arrays: arraysOf(r.buffers),
      measures: new Float64Array(r.measures),
      next: new Int32Array(r.next),
      from: r.from,
      to: r.to,
    }),
);

serve<ModelThreadRequest, null>(port, (req) => {
  if (req.type === 'step') runs.forEach((r) => r.step(req.steps));
  else runs[req.run]!.measure();
  return { value: null };
});
