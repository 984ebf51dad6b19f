/**
 * The host's side of one sweep worker (sweep-worker.ts, over files/thread-rpc.ts): starts the thread
 * with the grid, asks its verdict on the grid, asks it for one cell at a time. A worker that dies fails
 * what was asked of it with the reason.
 */
import type { SweepCell } from '../../shared/contract/lab';
import type { SpecIssue } from '../../shared/experiment/issues';
import { Worker } from 'node:worker_threads';
import { bundledEntry } from '../files/bundle';
import { ThreadCaller, type ThreadWords } from '../files/thread-rpc';
import type { SweepRequest, SweepVerdict, SweepWorkerData } from './sweep-protocol';

/** The JS heap a sweep worker may use (as a run worker's: a cell's recording lives there a while). */
const WORKER_HEAP_MB = 4096;

const SWEEP_WORKER: ThreadWords = {
  crashed: (error) => `the sweep's worker crashed: ${error.message}`,
  stopped: (code) => `the sweep's worker stopped (exit code ${code})`,
};

/** Where the sweep worker's code is: the bundled sweep worker (out/cli/sweep-worker.js). */
export function sweepWorkerUrl(): URL {
  return bundledEntry('sweep-worker');
}

export class SweepThread {
  private readonly thread: ThreadCaller<SweepRequest>;

  constructor(url: URL, data: SweepWorkerData) {
    const worker = new Worker(url, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    this.thread = new ThreadCaller<SweepRequest>(worker, SWEEP_WORKER);
  }

  /** The worker's verdict on the grid: its number of cells, or the issues of the cells that are not valid. */
  checked(): Promise<{ total: number } | { issues: SpecIssue[] }> {
    return this.thread.call<SweepVerdict>({ type: 'check' });
  }

  /** Runs cell `index` in the worker; rejects with the cell's failure or the worker's death. */
  runCell(index: number): Promise<SweepCell> {
    return this.thread.call<SweepCell>({ type: 'cell', index });
  }

  /** Stops the worker (whatever it was doing). */
  close(): Promise<void> {
    return this.thread.close('the sweep was closed');
  }
}
