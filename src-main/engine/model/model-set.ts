/**
 * A model experiment's runs (SPEC §13) as the RunSet the one recording loop steps (record.ts): its
 * data loaded once (src-main/data/load-model-data.ts), one ModelRun per run on the compiled CPU engine
 * (over threads: model-threads.ts), positions in float64 with D coordinates each.
 */
import { availableParallelism } from 'node:os';
import type { DataDir } from '../../../shared/experiment/data-path';
import type { Experiment } from '../../../shared/experiment/experiment';
import { modelData } from '../../data/load-model-data';
import type { BackendName, RunSet } from '../api';
import { BACKEND_ORDER, isBackendName } from '../backend';
import { EngineSet } from '../engine-set';
import { ModelThreadSet } from './model-threads';
import { ModelRun } from './model-run';

/**
 * The backend a forced name runs a model on: the compiled float64 kernels (`auto` or nothing forced
 * starts from them: experiment-runner.ts may still choose a GPU), webgpu (webgpu/model-engine.ts,
 * float32) or one of TensorFlow.js's (tfjs/model-engine.ts, float32).
 */
export function modelBackend(forced: string | undefined): BackendName {
  if (forced === undefined || forced === 'auto') return 'compiled';
  if (!isBackendName(forced))
    throw new Error(`backend ${forced}: a model (loss.model) runs on ${BACKEND_ORDER.join(', ')} or auto`);
  return forced;
}

/**
 * The runs of a model experiment: over `threads` threads (default: the machine's cores, at most the
 * largest run's particles) when more than one, else on the calling thread.
 */
export async function createModelRunSet(experiment: Experiment, baseDir: DataDir, threads?: number): Promise<RunSet> {
  const data = await modelData(experiment, baseDir);
  const most = Math.max(...experiment.runs.map((r) => r.particles));
  const parts = Math.min(Math.max(1, Math.floor(threads ?? availableParallelism())), most);
  if (parts > 1) return ModelThreadSet.create(experiment, data, parts);
  const runs = experiment.runs.map((_, i) => new ModelRun(experiment, i, data));
  return new EngineSet(runs, { precise: true, dims: runs[0]?.D ?? 0 });
}
