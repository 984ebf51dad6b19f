/**
 * A model-engine thread: builds its ModelRuns once over the runs' shared arrays, then steps or
 * measures its particle range of them on each request (model-threads.ts) and answers `done`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { arraysOf } from '../compiled/arrays';
import type { PoolReply } from '../compiled/thread-pool';
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
      from: r.from,
      to: r.to,
    }),
);

port.on('message', (req: ModelThreadRequest) => {
  let reply: PoolReply = { type: 'done' };
  try {
    if (req.type === 'step') runs.forEach((r) => r.step(req.steps));
    else runs[req.run]!.measure();
  } catch (error) {
    reply = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
