/**
 * A landscape grid thread (bundled as out/cli/grid-thread.js): builds its own copy of the model's
 * plane kernel from the model, the data and the plane it is started with, then answers each request
 * with the training (or test) loss at the grid points it is given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluatePoints } from '../../shared/landscape/grid';
import { modelFullLoss } from './model-loss';
import type { GridThreadInit, GridThreadReply, GridThreadRequest } from './parallel-grid';

const port = parentPort;
if (!port) throw new Error('grid-thread.ts must run in a worker thread');
const init = workerData as GridThreadInit;
const loss = modelFullLoss(init.model, init.data);
const G = init.job.alpha.length;
const scratch = new Float64Array(G * G);

port.on('message', ({ points, test }: GridThreadRequest) => {
  let reply: GridThreadReply;
  try {
    for (const _ of evaluatePoints(init.job, loss, points, scratch, test));
    reply = { values: Float64Array.from(points, (p) => scratch[p]!) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, 'values' in reply ? [reply.values.buffer as ArrayBuffer] : []);
});
