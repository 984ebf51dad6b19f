/**
 * A whole experiment on the GPU (benches and tests): one GpuEnsemble per run, stepped together by
 * the recording loop (record.ts) through an EngineSet, so every run's dispatches are queued before any
 * is read back; only recorded steps read back the statuses, the per-particle losses and the recorded
 * positions. The mean loss is summed on the CPU in float64, in particle order, from the float32 losses.
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import type { RunRecording } from '../../../shared/experiment/recording';
import type { DataSet } from '../api';
import { createRunSet } from '../create-run';
import { recordExperiment } from '../record';
import { requireGpu, type GpuHandle } from './device';

export interface WebGpuRunOptions {
  /** The device to use (default: the process's, see device.ts). */
  gpu?: GpuHandle;
  onProgress?: (run: number, t: number) => void;
}

/** A whole experiment recorded on the GPU (SPEC §9 run entries). */
export async function runWebGpu(
  experiment: Experiment,
  data: DataSet,
  opts: WebGpuRunOptions = {},
): Promise<RunRecording[]> {
  const gpu = opts.gpu ?? (await requireGpu());
  const set = await createRunSet({ backend: 'webgpu', adapter: gpu.name }, experiment, data, { gpu });
  return recordExperiment(set, experiment, opts.onProgress ? { onRecord: opts.onProgress } : {});
}
