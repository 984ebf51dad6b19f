/**
 * Messages between the compiled runner (main thread) and its threads. Every thread steps its own
 * particle range of every run over shared memory and answers each `advance` with `done`.
 */
import type { Experiment } from '../../../shared/spec/experiment';
import type { DataSet } from '../api';
import type { RunBuffers } from './compiled-run';

export interface ThreadInit {
  experiment: Experiment;
  data: DataSet;
  /** Per run: its shared arrays and this thread's particle range [from, to). */
  runs: { buffers: RunBuffers; from: number; to: number }[];
}

export type ThreadRequest = { type: 'advance'; t0: number; steps: number } | { type: 'stop' };

export type ThreadReply = { type: 'done' } | { type: 'error'; message: string };
