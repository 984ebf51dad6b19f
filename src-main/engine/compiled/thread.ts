/**
 * A compiled-engine thread: compiles the experiment's kernels once, then on each `advance` steps its
 * particle range of every run and computes their full losses at the new step.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { arraysOf } from './compiled-run';
import { RunSlice } from './run-slice';
import type { ThreadInit, ThreadReply, ThreadRequest } from './thread-protocol';

const port = parentPort;
if (!port) throw new Error('thread.ts must run in a worker thread');
const init = workerData as ThreadInit;
const slices = init.runs.map((r, i) => new RunSlice(init.experiment, i, init.data, arraysOf(r.buffers), r.from, r.to));

port.on('message', (req: ThreadRequest) => {
  if (req.type === 'stop') {
    port.close();
    return;
  }
  let reply: ThreadReply = { type: 'done' };
  try {
    for (const s of slices) s.advance(req.t0, req.steps);
  } catch (error) {
    reply = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
