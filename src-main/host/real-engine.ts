/**
 * The worker's adapter onto the real engine (src-main/engine): the backend chosen once per worker
 * (the compiled kernels unless another is asked for or forced), data sets loaded once per
 * (loss, seed, folder, version of the CSV file: a file changed since is read, and checked, again), run
 * engines and loss surfaces on demand.
 *
 * The GPU per run: with no backend forced, a run of at least GPU_MIN_PARTICLES particles steps on
 * `webgpu` when a hardware adapter exists (probed once, quietly), else, or when its kernel cannot be
 * built there, on the compiled kernels. A forced `webgpu` puts every run on the GPU.
 */
import type { Surface } from '../../shared/contract/lab';
import type { DataDir } from '../../shared/spec/data-path';
import type { Experiment } from '../../shared/spec/experiment';
import type { BackendName, DataSet } from '../engine/api';
import { GPU_MIN_PARTICLES, isBackendName, selectBackend } from '../engine/backend';
import { compiledSurface } from '../engine/compiled/surface';
import { buildLoss, computeSurface, loadDataSet } from '../engine/loss';
import { createRunEngine } from '../engine/run-engine';
import { dataFileVersion } from '../files/data-file';
import { acquireGpu, probeAdapter, requireGpu, type AdapterSummary, type GpuHandle } from '../engine/webgpu/device';
import { GpuEnsemble } from '../engine/webgpu/gpu-ensemble';
import type { EngineAdapter } from './engine-adapter';

export interface RealAdapterOptions {
  backend?: string;
  /** What finds the adapter (default: probeAdapter); tests inject one. */
  probe?: () => AdapterSummary | null;
  /** Particles from which a run goes to the GPU when none is forced (default GPU_MIN_PARTICLES). */
  minParticles?: number;
}

export async function createAdapter(options: RealAdapterOptions): Promise<EngineAdapter> {
  const preferred = options.backend && isBackendName(options.backend) ? (options.backend as BackendName) : undefined;
  const { tf, backend } = await selectBackend(preferred);
  const env = process.env.SGD_LAB_BACKEND;
  const auto = preferred === undefined && (!env || env === 'auto');
  const probe = options.probe ?? probeAdapter;
  const minParticles = options.minParticles ?? GPU_MIN_PARTICLES;

  /** The device run of `particles` particles steps on, or null for the CPU. */
  async function gpuFor(particles: number): Promise<GpuHandle | null> {
    if (backend === 'webgpu') return requireGpu();
    if (!auto || particles < minParticles) return null;
    const found = probe();
    return found && !found.software ? acquireGpu() : null;
  }

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
      const gpu = await gpuFor(experiment.runs[runIndex]?.particles ?? 0);
      if (gpu) {
        try {
          return await GpuEnsemble.create(gpu, experiment, runIndex, set);
        } catch (error) {
          if (backend === 'webgpu') throw error;
          // chosen, not forced: the CPU kernels instead
        }
      }
      return createRunEngine({ ...(tf ? { tf } : {}), backend, experiment, data: set }, runIndex);
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
