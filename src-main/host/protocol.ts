/**
 * Messages between the lab host (main thread) and its run workers. Every request carries a `seq`;
 * the worker answers each with exactly one `WorkerResult` of the same `seq`, in order.
 */
import type { ModelMeasures } from '../../shared/contract/network';
import type { OptimizerStateFrame, RunHistory } from '../../shared/contract/lab';
import type { Experiment, Run } from '../../shared/experiment/experiment';
import type { DataDir } from '../../shared/experiment/data-path';
import type { RunStats } from '../engine/api';
import type { InstantRecord } from '../../shared/contract/instant-record';

export type WorkerRequest =
  /**
   * Build run `runIndex` of `experiment` as engine `id` (t = 0, first record taken); answer its stats
   * and its first `max` particles' start positions.
   */
  | { type: 'init'; seq: number; id: number; experiment: Experiment; runIndex: number; baseDir: DataDir; max: number }
  /** Advance engine `id` by n steps; answer its stats and its first `max` particles' positions. */
  | { type: 'step'; seq: number; id: number; n: number; max: number }
  /** Hot change: the run's new settings apply from the next step on. */
  | { type: 'update'; seq: number; id: number; run: Run }
  | { type: 'dispose'; seq: number; id: number }
  /** The run's recording so far (SPEC §9 run entry). */
  | { type: 'record'; seq: number; id: number }
  | { type: 'surface'; seq: number; experiment: Experiment; resolution: number; baseDir: DataDir }
  /**
   * Instant mode: run `runIndex` of `experiment` on a fresh engine from t = 0 to its `steps` (instant-path.ts);
   * answer its thinned history and its final step with `max` particles. A request for the same `runIndex`
   * of a later `generation` arriving meanwhile stops it (`INSTANT_SUPERSEDED`).
   */
  | {
      type: 'instant';
      seq: number;
      generation: number;
      experiment: Experiment;
      runIndex: number;
      baseDir: DataDir;
      max: number;
    };

/**
 * What an instant request answers: the run's whole path thinned for the page (instant-record.ts
 * `thinIndices`), its final step, and its full record (every step's row, for the scrubber).
 */
export interface InstantResult {
  history: RunHistory;
  final: StepResult;
  record: InstantRecord;
}

/** What a step answers: the run's statistics and (maybe empty) positions, row-major [count × dims]. */
export interface StepResult {
  stats: RunStats;
  positions: Float32Array;
  dims: number;
  /** The optimizer's state after the step (engines that expose it, optimizers that have one). */
  state?: OptimizerStateFrame;
  /** ∇L at the first particle after the step (engines that compute it). */
  gradient?: number[];
  /** A network's measures after the step (SPEC §13). */
  model?: ModelMeasures;
  /** A network's first particle, Φ in float64 [D], sent whatever the view shows: its path frames the plane. */
  first64?: Float64Array;
}

export interface InitResult extends StepResult {
  /** The backend this run steps on (`webgpu`, `compiled` …). */
  backend: string;
  /** The GPU adapter's name, for a run on `webgpu`. */
  adapter?: string;
}

/** What the worker is started with (`workerData`). */
export interface WorkerOptions {
  /** A module exporting `createAdapter` to use instead of the real engine (tests). */
  engineModule?: string;
  /** A backend to force (else the engine's own choice / SGD_LAB_BACKEND). */
  backend?: string;
  /** Keep the user's own priority (Instant mode's prompt worker), not the run workers' lower one. */
  normalPriority?: boolean;
}
