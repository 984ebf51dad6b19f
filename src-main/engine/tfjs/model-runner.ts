/**
 * A model experiment's runs on TensorFlow.js (SPEC §13): over its data, loaded once, one TfModelEngine per
 * run on the backend `initBackend` made active, as the RunSet the one recording loop (record.ts)
 * steps. Positions are recorded in float64 widened from the tensors' float32.
 */
import type { ModelData } from '../../../shared/data/model-data';
import type { Experiment } from '../../../shared/experiment/experiment';
import type { RunSet, Tf, TfBackendName } from '../api';
import { EngineSet } from '../engine-set';
import { TfModelEngine } from './model-engine';

/** Every run of a model experiment on TensorFlow.js's backend `backend` (already active in `tf`). */
export function createTfModelRunSet(experiment: Experiment, data: ModelData, tf: Tf, backend: TfBackendName): RunSet {
  const engines: TfModelEngine[] = [];
  try {
    for (let i = 0; i < experiment.runs.length; i++) engines.push(new TfModelEngine(tf, backend, experiment, i, data));
  } catch (error) {
    for (const e of engines) e.dispose();
    throw error;
  }
  return new EngineSet(engines, { precise: true, dims: engines[0]?.D ?? 0 });
}
