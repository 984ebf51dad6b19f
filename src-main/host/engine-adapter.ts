/**
 * What a run worker needs from an engine: run cores for an experiment's runs and the loss surface.
 * The real adapter (real-engine.ts) wraps src-main/engine; tests inject a plain-JS fake (test/unit/fake-engine.ts).
 */
import type { Surface } from '../../shared/contract/lab';
import type { Experiment } from '../../shared/experiment/experiment';
import type { DataDir } from '../../shared/experiment/data-path';
import type { RunCore } from '../engine/api';

export interface EngineAdapter {
  /** The backend in use, e.g. `wasm`. */
  readonly backend: string;
  createRun(experiment: Experiment, runIndex: number, baseDir: DataDir): Promise<RunCore>;
  surface(experiment: Experiment, resolution: number, baseDir: DataDir): Promise<Surface>;
}

/** The shape of a module the worker loads an adapter from. */
export interface EngineAdapterModule {
  createAdapter(options: { backend?: string }): Promise<EngineAdapter>;
}
