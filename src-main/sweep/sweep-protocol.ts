/**
 * Messages between a sweep job (the host's main thread, sweep-job.ts) and its sweep worker
 * (sweep-worker.ts): the worker starts with the grid, expands and validates every cell, says so, then
 * answers each cell request with that cell's results, one at a time, in order.
 */
import type { SweepCell, SweepGrid } from '../../shared/contract/lab';
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

/** Main thread → worker: run cell `index` of the grid (first list slowest). */
export interface SweepCellRequest {
  type: 'cell';
  index: number;
}

/** Worker → main thread: first `checked` or `invalid`, then one `cell` or `failed` per request. */
export type SweepWorkerMessage =
  | { type: 'checked'; total: number }
  | { type: 'invalid'; issues: SpecIssue[] }
  | { type: 'cell'; cell: SweepCell }
  | { type: 'failed'; error: string };
