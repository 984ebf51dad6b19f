/**
 * A model experiment's runs on TensorFlow.js (SPEC §13): its data loaded once, one TfModelEngine per
 * run on the backend `initBackend` made active, as the RunSet the one recording loop (record.ts)
 * steps. Positions are recorded in float64 widened from the tensors' float32.
 */
import type { DataDir } from '../../../shared/experiment/data-path';
import type { Experiment } from '../../../shared/experiment/experiment';
import { modelData } from '../../data/load-model-data';
import type { RunSet, Tf, TfBackendName } from '../api';
import { EngineSet } from '../engine-set';
import { TfModelEngine } from './model-engine';

/** Every run of a model experiment on TensorFlow.js's backend `backend` (already active in `tf`). */
export async function createTfModelRunSet(
  experiment: Experiment,
  baseDir: DataDir,
  tf: Tf,
  backend: TfBackendName,
): Promise<RunSet> {
  const data = await modelData(experiment, baseDir);
  const engines: TfModelEngine[] = [];
  try {
    for (let i = 0; i < experiment.runs.length; i++) engines.push(new TfModelEngine(tf, backend, experiment, i, data));
  } catch (error) {
    for (const e of engines) e.dispose();
    throw error;
  }
  return new EngineSet(engines, { precise: true, dims: engines[0]?.D ?? 0 });
}
