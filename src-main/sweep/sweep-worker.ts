/**
 * The sweep worker (worker_threads), so that a sweep's work never holds up the host's main thread:
 * expands the grid it starts with and validates every cell as `sgd-lab sweep` does (SPEC §12), says
 * whether the grid is valid when asked, then runs the cells the host asks for, one at a time, in order
 * (sweep-protocol.ts over files/thread-rpc.ts). The host decides between two cells whether to go on (Cancel).
 *
 * Bundled as out/cli/sweep-worker.js (vite.cli.config.ts), which the server and Electron start.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dataRootOf } from '../../shared/experiment/data-path';
import { expandSweep } from './sweep-file';
import { runCell } from './sweep-cell';
import type { SweepRequest, SweepVerdict, SweepWorkerData } from './sweep-protocol';
import { serve } from '../files/thread-rpc';
import { lowerThreadPriority } from '../host/thread-priority';

const port = parentPort;
if (!port) throw new Error('sweep-worker.ts must run in a worker thread');
const options = workerData as SweepWorkerData;
// Below the view, as the run workers (thread-priority.ts); the engine's own threads inherit it.
lowerThreadPriority();
const { grid, baseDir } = options;

const sweep = { version: 1 as const, experiment: grid.experiment, vary: grid.vary, burnIn: grid.burnIn };
const loaded = expandSweep(sweep, grid.experiment, dataRootOf(baseDir).dir);
serve<SweepRequest, unknown>(port, async (request) => {
  if (request.type === 'check') {
    const verdict: SweepVerdict = 'issues' in loaded ? { issues: loaded.issues } : { total: loaded.total };
    return { value: verdict };
  }
  const { index } = request;
  if ('issues' in loaded || !Number.isInteger(index) || index < 0 || index >= loaded.total)
    throw new Error(`the sweep has no cell ${index}`);
  return { value: await runCell(loaded, loaded.cell(index), options) };
});
