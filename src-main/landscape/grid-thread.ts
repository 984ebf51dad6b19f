/**
 * A landscape grid thread (bundled as out/cli/grid-thread.js). Started with a grid (`GridThreadInit`):
 * builds its own copy of the model's plane kernel from the model, the data and the plane, then answers
 * each request with the training (or test) loss at the grid points it is given. Started with a live
 * plane to frame (`FrameThreadInit`, the lab's `plane` command): frames it (live-plane.ts), answers
 * once and is done, so a PCA over long paths never holds up the lab's main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluatePoints } from '../../shared/landscape/grid';
import { frameLivePlane } from './live-plane';
import { modelFullLoss } from './model-loss';
import type {
  FrameThreadInit,
  FrameThreadReply,
  GridThreadInit,
  GridThreadReply,
  GridThreadRequest,
} from './parallel-grid';

const port = parentPort;
if (!port) throw new Error('grid-thread.ts must run in a worker thread');
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function serveGrid(init: GridThreadInit, port: NonNullable<typeof parentPort>): void {
  const loss = modelFullLoss(init.model, init.data);
  const G = init.job.alpha.length;
  const scratch = new Float64Array(G * init.job.beta.length);
  port.on('message', ({ points, test }: GridThreadRequest) => {
    let reply: GridThreadReply;
    try {
      for (const _ of evaluatePoints(init.job, loss, points, scratch, test));
      reply = { values: Float64Array.from(points, (p) => scratch[p]!) };
    } catch (error) {
      reply = { error: message(error) };
    }
    port.postMessage(reply, 'values' in reply ? [reply.values.buffer as ArrayBuffer] : []);
  });
}

const init = workerData as GridThreadInit | FrameThreadInit;
if ('frame' in init) {
  let reply: FrameThreadReply;
  try {
    reply = { framed: frameLivePlane(init.frame) };
  } catch (error) {
    reply = { error: message(error) };
  }
  port.postMessage(reply);
} else serveGrid(init, port);
