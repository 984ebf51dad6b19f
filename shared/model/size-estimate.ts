/**
 * A model's size before its data are read (for the budget, shared/experiment/budget.ts): inputs and output
 * units from what `loss.data` says (generated sets: 2 inputs, sine 1; iris 4 inputs and 3 classes;
 * digits 784 and 10; a CSV its named inputs and targets, its classes only once read: at least 2),
 * hence D by SPEC §13's layout, and the examples (training and test) where the spec fixes them.
 */
import type { Model } from '../experiment/experiment';
import { isModelData, isRealSet } from '../experiment/model-data-schema';
import { modelLayout, outputUnits } from './layout';

export interface ModelEstimate {
  inputs: number;
  D: number;
  /** Training and test examples, when known without reading a file. */
  rows?: number;
}

const REAL_SHAPES = { iris: { inputs: 4, classes: 3 }, digits: { inputs: 784, classes: 10 } } as const;

export function modelEstimate(model: Model, data: object | undefined): ModelEstimate {
  let inputs = 1;
  let targets = 2;
  let rows: number | undefined;
  if (data && isModelData(data)) {
    if ('csv' in data) {
      inputs = data.inputs.length;
      targets = model.output === 'linear' && Array.isArray(data.target) ? data.target.length : 2;
    } else if (isRealSet(data)) {
      ({ inputs, classes: targets } = REAL_SHAPES[data.dataset]);
      rows = data.n + data.test;
    } else {
      inputs = data.dataset === 'sine' ? 1 : 2;
      targets = (data as { classes?: number }).classes ?? 2;
      rows = data.n + data.test;
    }
  }
  if (model.output === 'linear' && !(data && isModelData(data) && 'csv' in data)) targets = 1;
  const D = modelLayout(model, inputs, outputUnits(model, targets)).D;
  return { inputs, D, ...(rows !== undefined ? { rows } : {}) };
}
