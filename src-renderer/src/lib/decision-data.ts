/**
 * What a network trains on, for the data picture and the decision function (`ModelDataView`): asked of
 * the lab (`modelData`); where the lab does not answer it, a generated set is drawn here from the
 * experiment's seed by the very code the engine draws it with (shared/data/generated-sets.ts, split and
 * standardized by shared/data/split.ts), so the picture shows the same examples. A real set or a CSV
 * then has counts only from the experiment, and no picture.
 */
import type { LabApi } from '../../../shared/contract/lab';
import type { ModelDataView } from '../../../shared/contract/network';
import type { Experiment } from '../../../shared/experiment/experiment';
import { GENERATED_SETS, type GeneratedSetSpec } from '../../../shared/experiment/model-data-schema';
import { drawGeneratedSet } from '../../../shared/data/generated-sets';
import { splitModelData } from '../../../shared/data/split';
import type { ModelExamples } from '../../../shared/data/model-data';
import { isLabeled } from '../../../shared/data/model-data';

/** Rows above which a locally drawn set is not drawn (the picture needs only a sample; the lab sends its own). */
const LOCAL_ROWS = 200_000;

function isGenerated(data: object): data is GeneratedSetSpec {
  return 'dataset' in data && (GENERATED_SETS as readonly string[]).includes(String(data.dataset));
}

/** The view of a generated set's examples, drawn here as the engine draws them (null for other data). */
export function localModelData(experiment: Experiment): ModelDataView | null {
  const data = experiment.loss.data;
  if (!experiment.loss.model || !data || !isGenerated(data) || data.n + data.test > LOCAL_ROWS) return null;
  const all = drawGeneratedSet(data, experiment.seed);
  const { train, test } = splitModelData(all, data.n, data.test, data.standardize);
  const sets: ModelExamples[] = test ? [train, test] : [train];
  const x: number[] = [];
  const y: number[] = [];
  for (const set of sets) {
    for (const v of set.x) x.push(v);
    for (const v of set.y) y.push(v);
  }
  return {
    inputs: train.inputs,
    classes: isLabeled(train) ? train.classes : 0,
    train: train.n,
    test: test?.n ?? 0,
    ...(train.inputs <= 2 ? { x, y } : {}),
  };
}

/** The lab's view of the network's data, or the locally drawn one where the lab has none to give. */
export async function fetchModelData(api: LabApi, experiment: Experiment): Promise<ModelDataView | null> {
  if (api.modelData) {
    try {
      const reply = await api.modelData();
      if (reply.ok && reply.modelData) return reply.modelData;
    } catch {
      // The lab cannot say (an older host): draw what can be drawn here.
    }
  }
  return localModelData(experiment);
}
