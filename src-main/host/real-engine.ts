/**
 * The worker's adapter onto the real engine (src-main/engine): the backend chosen once per worker
 * (the compiled kernels unless another is asked for or forced), data sets loaded once per
 * (loss, seed, folder, version of the CSV file: a file changed since is read, and checked, again), run
 * engines and loss surfaces on demand.
 *
 * The GPU per run (backend.ts `gpuForRun`, engine/create-run.ts): with no backend forced, a run of at
 * least GPU_MIN_PARTICLES particles steps on `webgpu` when a hardware adapter exists (probed once,
 * quietly), else, or when its kernel cannot be built there, on the compiled kernels. A forced `webgpu`
 * puts every run on the GPU.
 */
import type { Surface } from '../../shared/contract/lab';
import type { DataDir } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import type { BackendName, DataSet } from '../engine/api';
import { gpuForRun, isBackendName, selectBackend, type GpuPolicy } from '../engine/backend';
import { compiledSurface } from '../engine/compiled/compiled-grid';
import { createRun } from '../engine/create-run';
import { buildLoss, computeSurface, loadDataSet } from '../engine/loss';
import { dataFileVersion } from '../files/data-file';
import type { EngineAdapter } from './engine-adapter';

export interface RealAdapterOptions extends GpuPolicy {
  backend?: string;
}

export async function createAdapter(options: RealAdapterOptions): Promise<EngineAdapter> {
  const preferred = options.backend && isBackendName(options.backend) ? (options.backend as BackendName) : undefined;
  const picked = await selectBackend(preferred);
  const { tf, backend } = picked;

  const dataSets = new Map<string, Promise<DataSet>>();

  async function data(experiment: Experiment, baseDir: DataDir): Promise<DataSet> {
    const version = await dataFileVersion(experiment.loss.data, baseDir);
    const key = JSON.stringify([experiment.loss, experiment.seed, baseDir, version]);
    let found = dataSets.get(key);
    if (!found) {
      if (dataSets.size > 8) dataSets.clear();
      found = loadDataSet(experiment.loss, { seed: experiment.seed, baseDir });
      dataSets.set(key, found);
      found.catch(() => dataSets.delete(key));
    }
    return found;
  }

  return {
    backend,
    async createRun(experiment, runIndex, baseDir) {
      const set = await data(experiment, baseDir);
      const gpu = await gpuForRun(picked, preferred, experiment.runs[runIndex]?.particles ?? 0, options);
      return createRun(picked, experiment, runIndex, set, gpu);
    },
    async surface(experiment, resolution, baseDir): Promise<Surface> {
      const set = await data(experiment, baseDir);
      if (!tf) return compiledSurface(experiment, set, resolution);
      const built = buildLoss(tf, experiment.loss, set);
      try {
        return computeSurface(tf, built.f, experiment.loss, set, resolution);
      } finally {
        built.dispose();
      }
    },
  };
}
