/**
 * The engine's public surface, as types: what the command line, the lab host and its workers may use.
 * Implementations live beside this file; nothing here imports TensorFlow.js at run time.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { OptimizerStateFrame } from '../../shared/contract/lab';
import type { Experiment, Run } from '../../shared/experiment/experiment';
import type { Coordinates } from '../../shared/experiment/packed-positions';

export type Tf = typeof tfjs;
/** The TensorFlow.js backends. */
export type TfBackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
/** Every backend: the compiled CPU kernels, the same kernels as WebGPU compute shaders, or one of TensorFlow.js's. */
export type BackendName = 'compiled' | 'webgpu' | TfBackendName;

/** A formula compiled to TensorFlow.js ops; every name is a tensor, all broadcastable together. */
export type CompiledFormula = (scope: Readonly<Record<string, tfjs.Tensor>>) => tfjs.Tensor;

/**
 * The examples of a loss: one float64 column per data variable, all of length n (n = 0: no data).
 * Float64 everywhere on the CPU; only a GPU backend (WebGPU, TensorFlow.js) converts them to float32,
 * where it uploads them.
 */
export interface DataSet {
  vars: string[];
  columns: Float64Array[];
  n: number;
}

/** Statistics of one step of one run, as frames and recordings carry them. */
export interface RunStats {
  t: number;
  lr: number;
  /** Mean full loss over live particles. */
  loss: number;
  lossMin: number;
  lossMax: number;
  /** Examples seen so far, t·B (SPEC §5). */
  examples: number;
  /** τ = Σ η_s, the gradient-flow time. */
  tau: number;
  diverged: { step: number; particles: number } | null;
  /** A model run's measures (SPEC §13), means over live particles; NaN where not defined. */
  testLoss?: number;
  accuracy?: number;
  testAccuracy?: number;
  /** The largest Hessian eigenvalue at the first particle, when `record.sharpness` asks. */
  sharpness?: number;
}

/** A hot change of a run: the settings that change (the rest stay), from the next step on. */
export type HyperPatch = Partial<Run>;

/**
 * One run's particle ensemble, stepping on one backend: the run core that each backend's `createRun`
 * gives (compiled, WebGPU, TensorFlow.js, the model engine). The CPU cores answer `read` at once; a GPU
 * core queues its steps and has `sync`, to be awaited before reading.
 */
export interface RunCore {
  readonly run: Run;
  readonly t: number;
  /** The backend this core steps on where it is not its worker's own (a GPU core: `webgpu`). */
  readonly backend?: BackendName;
  /** The GPU adapter's name, for a core on the GPU. */
  readonly adapter?: string;
  /** Advance k steps (stops at nothing: divergence freezes particles, it does not throw). */
  step(k: number): void;
  /**
   * Reads back what `read(≤ max)`, `state` and `headGradient` need at step t (cores whose steps run
   * asynchronously); without it they are always current.
   */
  sync?(max: number): Promise<void>;
  /**
   * What the recorder reads at step t: the statistics and the first `max` particles' positions,
   * row-major [count × D]; float32 for the views, or (`precise`) float64 where the backend keeps them so.
   */
  read(max: number, precise?: boolean): RunFrame;
  /**
   * The optimizer's state slots now: the first particle's values, the live particles' mean and each
   * slot's bias correction (null for a stateless optimizer; absent where the backend cannot tell).
   */
  state?(): OptimizerStateFrame | null;
  /** ∇L of the full loss at the first particle, [D]; null when it has stopped (absent where the backend cannot tell). */
  headGradient?(): number[] | null;
  /**
   * Changes the run's settings from the next step on: a hot change of the hyperparameters writes the
   * hyper block (shared/kernel/hyper-block.ts); a change of shape keeps positions and optimizer state where
   * they still fit (carry-over.ts; a GPU core may rebuild its kernel: await it).
   */
  setHyper(patch: HyperPatch): void | Promise<void>;
  dispose(): void;
}

/** One run's frame at its current step: its statistics and the first positions read (RunCore.read). */
export interface RunFrame {
  stats: RunStats;
  /** The first particles' positions, row-major [count × D] (float64 where the backend keeps them so). */
  positions: Coordinates;
}

/**
 * The runs of an experiment stepping together on one backend: what the one loop (record.ts) steps
 * and records. Every backend gives one: the compiled kernels over threads (compiled/parallel-runner.ts),
 * and any list of run engines (engine-set.ts: WebGPU, TensorFlow.js, the lab's live run).
 */
export interface RunSet {
  /** The runs' current settings, in order. */
  readonly runs: readonly Run[];
  /** Coordinates per particle where they are not the loss's parameters (a model's D weights). */
  readonly dims?: number;
  /** The step every run still going stands at. */
  readonly t: number;
  /** Every run still going advances k steps. */
  step(k: number): void | Promise<void>;
  /** Run i's frame now with its first `count` positions; null once the run has failed (see `failure`). */
  read(i: number, count: number): RunFrame | null | Promise<RunFrame | null>;
  /** Why run i stopped (its engine threw and the set was told to go on without it), else null. */
  failure(i: number): Error | null;
  dispose(): void | Promise<void>;
}

export interface EngineContext {
  /** TensorFlow.js, for its backends (absent for the compiled one). */
  tf?: Tf;
  backend: BackendName;
  experiment: Experiment;
  data: DataSet;
}
