/**
 * Messages between a sweep job (the host's main thread, sweep-job.ts) and its sweep worker
 * (sweep-worker.ts), over files/thread-rpc.ts: the worker starts with the grid and expands and validates
 * every cell; asked `check`, it answers its verdict; asked for a cell, that cell's results, one at a
 * time, in order.
 */
import type { SweepGrid } from '../../shared/contract/lab';
import type { SpecIssue } from '../../shared/experiment/issues';
import type { DataDir } from '../../shared/experiment/data-path';
import type { BackendName } from '../engine/api';

/** What a sweep worker starts with (its `workerData`). */
export interface SweepWorkerData {
  grid: SweepGrid;
  /** Where relative CSV paths start, and whether reads are confined there (a view's sweep). */
  baseDir: DataDir;
  backend: BackendName | 'auto';
  /** Threads for each cell (default: the machine's cores); never changes a result. */
  threads?: number;
}

/** Main thread → worker: the verdict on the grid, or run cell `index` of the grid (first list slowest). */
export type SweepRequest = { type: 'check' } | { type: 'cell'; index: number };

/** The worker's verdict on the grid: its number of cells, or the issues of the cells that are not valid. */
export type SweepVerdict = { total: number } | { issues: SpecIssue[] };
