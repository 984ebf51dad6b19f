/**
 * Runs a whole experiment headless and returns its recording (SPEC §9): the backend chosen once
 * (backend.ts), the experiment's runs made into that backend's RunSet (create-run.ts: the compiled
 * kernels over a pool of threads, else one engine per run) and stepped and recorded by the one loop
 * (record.ts), as the command line, the sweeps and the lab's sweep cells all do. A model's networks
 * step on the compiled CPU engine, or on the GPU when webgpu is forced or a large ensemble finds a
 * hardware adapter (backend.ts `gpuForRun`), or on TensorFlow.js when one of its backends is forced or
 * a large model finds tfjs-node-gpu's CUDA (backend.ts `cudaForModel`).
 */
import type { Experiment } from '../../shared/experiment/experiment';
import type { DataDir } from '../../shared/experiment/data-path';
import { RECORDING_FORMAT, RECORDING_VERSION, type Recording } from '../../shared/experiment/recording';
import type { BackendName, RunSet } from './api';
import type { ModelData } from '../../shared/data/model-data';
import { modelData } from '../data/load-model-data';
import {
  cudaForModel,
  forcedBackend,
  gpuForRun,
  initBackend,
  modelWork,
  selectBackend,
  type EngineBackend,
} from './backend';
import { createRunSet } from './create-run';
import { loadDataSet } from './loss/loss-data';
import { createModelRunSet, modelBackend } from './model/model-set';
import { modelNet } from './model/model-run';
import { createTfModelRunSet } from './tfjs/model-runner';
import { recordExperiment } from './record';
import { requireGpu } from './webgpu/device';
import { createGpuModelRunSet } from './webgpu/model-runner';

export interface RunExperimentOptions {
  /** Where relative paths in the file (csv) start (a bare folder: the command line's, unconfined). */
  baseDir: DataDir;
  backend?: BackendName | 'auto';
  /** Worker threads to use (default: the machine's cores); never changes a byte of the output (SPEC §10). */
  threads?: number;
  /** Progress: run index and recorded step. */
  onProgress?: (run: number, t: number) => void;
  /**
   * A run whose engine threw (a TensorFlow.js backend; the compiled kernels freeze diverging particles
   * instead): it ends at its last recorded step with every particle counted as stopped, and the others go on.
   */
  onRunFailed?: (run: number, t: number, error: Error) => void;
}

/** The backend and the RunSet of an experiment: a model (SPEC §13) trains on the compiled CPU engine or the GPU. */
async function runSetOf(
  experiment: Experiment,
  opts: RunExperimentOptions,
): Promise<{ picked: EngineBackend; set: RunSet }> {
  if (experiment.loss.model) {
    const forced = forcedBackend(opts.backend);
    const wanted = modelBackend(forced);
    if (wanted !== 'compiled' && wanted !== 'webgpu') {
      const { tf, backend } = await initBackend(wanted);
      const set = createTfModelRunSet(experiment, await modelData(experiment, opts.baseDir), tf, backend);
      return { picked: { backend, tf }, set };
    }
    const particles = experiment.runs.reduce((n, r) => n + r.particles, 0);
    // Forced, or (nothing forced) a large ensemble on a hardware adapter: the networks on the GPU.
    const gpu =
      wanted === 'webgpu'
        ? await requireGpu()
        : await gpuForRun({ backend: 'compiled' }, forced === 'compiled' ? 'compiled' : undefined, particles);
    if (gpu) {
      try {
        const set = await createGpuModelRunSet(experiment, opts.baseDir, gpu);
        return { picked: { backend: 'webgpu', adapter: gpu.name }, set };
      } catch (error) {
        if (forced === 'webgpu') throw error;
        // chosen, not forced (a dynamics the GPU kernel does not step): the CPU engine instead
      }
    }
    // Nothing forced: a large model on CUDA when tfjs-node-gpu loads (backend.ts `cudaForModel`).
    if (forced === undefined) {
      let data: ModelData | undefined;
      const cuda = await cudaForModel(async () => {
        data = await modelData(experiment, opts.baseDir);
        return modelWork(experiment.runs, data.train.n, modelNet(experiment.loss.model!, data).D);
      });
      if (cuda && data) return { picked: cuda, set: createTfModelRunSet(experiment, data, cuda.tf, cuda.backend) };
    }
    return { picked: { backend: 'compiled' }, set: await createModelRunSet(experiment, opts.baseDir, opts.threads) };
  }
  const picked = await selectBackend(
    opts.backend,
    experiment.runs.reduce((n, r) => n + r.particles, 0),
  );
  const data = await loadDataSet(experiment.loss, { seed: experiment.seed, baseDir: opts.baseDir });
  const set = await createRunSet(picked, experiment, data, opts.threads !== undefined ? { threads: opts.threads } : {});
  return { picked, set };
}

export async function runExperiment(experiment: Experiment, opts: RunExperimentOptions): Promise<Recording> {
  const { picked, set } = await runSetOf(experiment, opts);
  const runs = await recordExperiment(set, experiment, {
    ...(opts.onProgress ? { onRecord: opts.onProgress } : {}),
    onError: (i, error, t) => opts.onRunFailed?.(i, t, error),
  });
  const adapter = picked.backend === 'webgpu' ? { adapter: picked.adapter } : {};
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    spec: experiment,
    backend: picked.backend,
    ...adapter,
    runs,
  };
}
