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
 *
 * A network (`loss.model`, SPEC §13) runs on the CLI's model engine (`LiveModelRun`), its data
 * (src-main/data/load-model-data.ts) cached the same way.
 */
import type { Surface } from '../../shared/contract/lab';
import type { DataDir } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import type { BackendName, DataSet } from '../engine/api';
import { gpuForRun, isBackendName, selectBackend, type GpuPolicy } from '../engine/backend';
import { compiledSurface } from '../engine/compiled/compiled-grid';
import { createRun } from '../engine/create-run';
import { buildLoss, computeSurface, loadDataSet } from '../engine/loss';
import { modelData, type LoadedModelData } from '../data/load-model-data';
import { dataFileVersion } from '../files/data-file';
import type { EngineAdapter } from './engine-adapter';
import { LiveModelRun } from './live-model-run';

export interface RealAdapterOptions extends GpuPolicy {
  backend?: string;
}

export async function createAdapter(options: RealAdapterOptions): Promise<EngineAdapter> {
  const preferred = options.backend && isBackendName(options.backend) ? (options.backend as BackendName) : undefined;
  const picked = await selectBackend(preferred);
  const { tf, backend } = picked;

  const loaded = new Map<string, Promise<DataSet | LoadedModelData>>();

  /** What `load` gives for (loss, seed, folder, file version), loaded once. */
  async function cached<T extends DataSet | LoadedModelData>(
    experiment: Experiment,
    baseDir: DataDir,
    load: () => Promise<T>,
  ): Promise<T> {
    const version = await dataFileVersion(experiment.loss.data, baseDir);
    const key = JSON.stringify([experiment.loss, experiment.seed, baseDir, version]);
    let found = loaded.get(key);
    if (!found) {
      if (loaded.size > 8) loaded.clear();
      found = load();
      loaded.set(key, found);
      found.catch(() => loaded.delete(key));
    }
    return found as Promise<T>;
  }

  const data = (experiment: Experiment, baseDir: DataDir) =>
    cached(experiment, baseDir, () => loadDataSet(experiment.loss, { seed: experiment.seed, baseDir }));

  return {
    backend,
    async createRun(experiment, runIndex, baseDir) {
      if (experiment.loss.model) {
        const examples = await cached(experiment, baseDir, () => modelData(experiment, baseDir));
        return new LiveModelRun(experiment, runIndex, examples);
      }
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
