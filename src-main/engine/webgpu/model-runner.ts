/**
 * A model experiment's runs on the GPU (SPEC §13): its data loaded once, one GpuModelEngine per run,
 * as the RunSet the one recording loop (record.ts) steps, so every run's dispatches are queued before
 * any is read back. Positions are recorded in float64 widened from the GPU's float32.
 */
import type { DataDir } from '../../../shared/experiment/data-path';
import type { Experiment } from '../../../shared/experiment/experiment';
import { modelData } from '../../data/load-model-data';
import type { RunSet } from '../api';
import { EngineSet } from '../engine-set';
import type { GpuHandle } from './device';
import { GpuModelEngine } from './model-engine';

/** Every run of a model experiment on `gpu`. */
export async function createGpuModelRunSet(experiment: Experiment, baseDir: DataDir, gpu: GpuHandle): Promise<RunSet> {
  const data = await modelData(experiment, baseDir);
  const engines: GpuModelEngine[] = [];
  try {
    for (let i = 0; i < experiment.runs.length; i++)
      engines.push(await GpuModelEngine.create(gpu, experiment, i, data));
  } catch (error) {
    for (const e of engines) e.dispose();
    throw error;
  }
  return new EngineSet(engines, { precise: true, dims: engines[0]?.D ?? 0 });
}
