/**
 * A landscape grid thread (bundled as out/cli/grid-thread.js), answering over files/thread-rpc.ts.
 * Started with a grid (`GridThreadInit`): builds its own copy of the model's plane kernel from the
 * model, the data and the plane, then answers each `points` request with the training (or test) loss at
 * the grid points it is given. Started with a live plane to frame (`FrameThreadInit`, the lab's `plane`
 * command): answers `frame` with it framed (live-plane.ts), so a PCA over long paths never holds up the
 * lab's main thread. Started without `workerData`, it is one of the lab's warm threads (warm-grid.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluatePoints } from '../../shared/landscape/grid';
import { frameLivePlane } from './live-plane';
import { modelFullLoss } from './model-loss';
import { serve } from '../files/thread-rpc';
import type { FrameThreadInit, GridThreadInit, GridThreadRequest } from './parallel-grid';
import { serveWarm } from './warm-grid';

const port = parentPort;
if (!port) throw new Error('grid-thread.ts must run in a worker thread');
const init = workerData as GridThreadInit | FrameThreadInit | null;

/** A grid thread's own plane kernel and scratch, built as it starts. */
const grid =
  !init || 'frame' in init
    ? null
    : {
        loss: modelFullLoss(init.model, init.data),
        scratch: new Float64Array(init.job.alpha.length * init.job.beta.length),
      };

if (!init) serveWarm(port);
else
  serve<GridThreadRequest, unknown>(port, (req) => {
    if (req.type === 'frame') {
      if (!('frame' in init)) throw new Error('this landscape thread has no plane to frame');
      return { value: frameLivePlane(init.frame) };
    }
    if (!grid || 'frame' in init) throw new Error('this landscape thread has no grid');
    const { loss, scratch } = grid;
    for (const _ of evaluatePoints(init.job, loss, req.points, scratch, req.test));
    const values = Float64Array.from(req.points, (p) => scratch[p]!);
    return { value: values, transfer: [values.buffer as ArrayBuffer] };
  });
