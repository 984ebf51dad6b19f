/**
 * The worker's adapter onto the real engine (src-main/engine): the backend chosen once per worker
 * (the compiled kernels unless a GPU backend is asked for or forced), data sets loaded once per
 * (loss, seed, folder), run engines and loss surfaces on demand.
 */
import type { Surface } from '../../shared/contract/lab';
import type { Experiment } from '../../shared/spec/experiment';
import type { BackendName, DataSet } from '../engine/api';
import { isBackendName, selectBackend } from '../engine/backend';
import { compiledSurface } from '../engine/compiled/surface';
import { buildLoss, computeSurface, loadDataSet } from '../engine/loss';
import { createRunEngine } from '../engine/run-engine';
import type { EngineAdapter } from './engine-adapter';

export async function createAdapter(options: { backend?: string }): Promise<EngineAdapter> {
  const preferred = options.backend && isBackendName(options.backend) ? (options.backend as BackendName) : undefined;
  const { tf, backend } = await selectBackend(preferred);
  const dataSets = new Map<string, Promise<DataSet>>();

  function data(experiment: Experiment, baseDir: string): Promise<DataSet> {
    const key = JSON.stringify([experiment.loss, experiment.seed, baseDir]);
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
      return createRunEngine(
        { ...(tf ? { tf } : {}), backend, experiment, data: await data(experiment, baseDir) },
        runIndex,
      );
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
