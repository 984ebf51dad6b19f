/**
 * Messages between the compiled runner (main thread) and its threads. A thread gets each run's
 * generated kernel source (no formula is parsed there, so a thread starts in milliseconds), the data
 * columns and the run's shared arrays; on each `advance` it steps its particle range of every run
 * with the step values the main thread computed, computes their full losses, and answers (files/thread-rpc.ts).
 */
import type { RunBuffers } from './arrays';

export interface ThreadInit {
  /** The data columns in float64 (shared or copied). */
  cols: Float64Array[];
  /** Per run: its kernel's source, hyperparameter block, shared arrays, and this thread's particle range [from, to). */
  runs: { source: string; hyper: Float64Array; buffers: RunBuffers; from: number; to: number }[];
}

export type ThreadRequest =
  /** Steps t0+1 … t0+steps; `values[r]` holds run r's per-step values ([η_t, …] per step). */
  { type: 'advance'; t0: number; steps: number; values: Float64Array[] };
