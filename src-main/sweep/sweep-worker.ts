/**
 * The sweep worker (worker_threads), so that a sweep's work never holds up the host's main thread:
 * expands the grid it starts with and validates every cell as `sgd-lab sweep` does (SPEC §12), says
 * whether the grid is valid, then runs the cells the host asks for, one at a time, in order
 * (sweep-protocol.ts). The host decides between two cells whether to go on (Cancel).
 *
 * Bundled as out/cli/sweep-worker.js (vite.cli.config.ts), which the server and Electron start.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dataRootOf } from '../../shared/experiment/data-path';
import { expandSweep } from './sweep-file';
import { runCell } from './sweep-cell';
import type { SweepCellRequest, SweepWorkerData, SweepWorkerMessage } from './sweep-protocol';
import { lowerThreadPriority } from '../host/thread-priority';

const port = parentPort;
if (!port) throw new Error('sweep-worker.ts must run in a worker thread');
const options = workerData as SweepWorkerData;
// Below the view, as the run workers (thread-priority.ts); the engine's own threads inherit it.
lowerThreadPriority();
const { grid, baseDir } = options;
const post = (message: SweepWorkerMessage) => port.postMessage(message);

const sweep = { version: 1 as const, experiment: grid.experiment, vary: grid.vary, burnIn: grid.burnIn };
const loaded = expandSweep(sweep, grid.experiment, dataRootOf(baseDir).dir);
if ('issues' in loaded) post({ type: 'invalid', issues: loaded.issues });
else {
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (request: SweepCellRequest) => {
    chain = chain.then(async () => {
      try {
        const { index } = request;
        if (!Number.isInteger(index) || index < 0 || index >= loaded.total)
          throw new Error(`the sweep has no cell ${index}`);
        post({ type: 'cell', cell: await runCell(loaded, loaded.cell(index), options) });
      } catch (error) {
        post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  post({ type: 'checked', total: loaded.total });
}
