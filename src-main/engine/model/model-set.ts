/**
 * A model experiment's runs (SPEC §13) as the RunSet the one recording loop steps (record.ts): its
 * data loaded once (src-main/data/model-data.ts), one ModelRun per run on the compiled CPU engine,
 * positions in float64 with D coordinates each.
 */
import type { DataDir } from '../../../shared/spec/data-path';
import type { Experiment } from '../../../shared/spec/experiment';
import { modelData } from '../../data/model-data';
import { EngineSet } from '../engine-set';
import { ModelRun } from './model-run';

/** The backends a model runs on now: the compiled float64 kernels (`auto` picks them). */
export function modelBackend(forced: string | undefined): 'compiled' {
  if (forced !== undefined && forced !== 'auto' && forced !== 'compiled')
    throw new Error(`backend ${forced}: a model (loss.model) runs on the compiled backend; leave --backend out`);
  return 'compiled';
}

export async function createModelRunSet(experiment: Experiment, baseDir: DataDir): Promise<EngineSet> {
  const data = await modelData(experiment, baseDir);
  const runs = experiment.runs.map((_, i) => new ModelRun(experiment, i, data));
  return new EngineSet(runs, { precise: true, dims: runs[0]?.D ?? 0 });
}
