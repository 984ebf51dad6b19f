/**
 * One run's engine on the chosen backend (backend.ts): a GpuEnsemble on the device it is given
 * (falling back to the CPU kernels when its kernel cannot be built there, unless webgpu is forced),
 * else the compiled kernels or TensorFlow.js (run-engine.ts). And a whole experiment's runs as the
 * RunSet the recording loop steps: the compiled kernels over threads, else one engine per run.
 */
import type { Experiment } from '../../shared/experiment/experiment';
import type { DataSet, RunCore, RunSet } from './api';
import type { EngineBackend } from './backend';
import { CompiledRunSet } from './compiled/parallel-runner';
import { EngineSet } from './engine-set';
import { createRunCore } from './tfjs/run-engine';
import { requireGpu, type GpuHandle } from './webgpu/device';
import { GpuEnsemble } from './webgpu/gpu-ensemble';

export async function createRun(
  picked: EngineBackend,
  experiment: Experiment,
  runIndex: number,
  data: DataSet,
  gpu: GpuHandle | null,
): Promise<RunCore> {
  if (gpu) {
    try {
      return await GpuEnsemble.create(gpu, experiment, runIndex, data);
    } catch (error) {
      if (picked.backend === 'webgpu') throw error;
      // chosen, not forced: the CPU kernels instead
    }
  }
  const { tf, backend } = picked;
  return createRunCore({ ...(tf ? { tf } : {}), backend, experiment, data }, runIndex);
}

/**
 * Every run of `experiment` on `picked`: the compiled kernels over `threads` threads, else one engine
 * per run (positions in float64 where kept so); a TensorFlow.js run that throws stops alone.
 */
export async function createRunSet(
  picked: EngineBackend,
  experiment: Experiment,
  data: DataSet,
  opts: { threads?: number; gpu?: GpuHandle } = {},
): Promise<RunSet> {
  if (picked.backend === 'compiled') return CompiledRunSet.create(experiment, data, opts.threads);
  const gpu = picked.backend === 'webgpu' ? (opts.gpu ?? (await requireGpu())) : null;
  const engines: RunCore[] = [];
  try {
    for (let i = 0; i < experiment.runs.length; i++) engines.push(await createRun(picked, experiment, i, data, gpu));
  } catch (error) {
    for (const e of engines) e.dispose();
    throw error;
  }
  return new EngineSet(engines, { precise: true, isolate: picked.tf !== undefined });
}
