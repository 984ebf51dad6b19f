/**
 * From drawn or read examples to what a model sees (SPEC §13): the first `n` rows train, the next
 * `test` rows are held out, and with `standardize` every input becomes (x − mean)/sd with the
 * TRAINING rows' mean and sd (divisor n; an sd of 0 counts as 1), applied alike to the test rows.
 * Float64 throughout. Pure: no Node, no DOM.
 */
import type { DrawnExamples } from './generated-sets';
import type { ModelData, ModelExamples, Standardization } from './model-data';

/** Rows [from, to) of `all` as examples of their own (inputs copied, so standardizing never aliases). */
export function sliceExamples(all: DrawnExamples, from: number, to: number): ModelExamples {
  const n = to - from;
  const base = {
    x: all.x.slice(from * all.inputs, to * all.inputs),
    n,
    inputs: all.inputs,
    inputNames: all.inputNames,
    targetNames: all.targetNames,
  };
  if (all.y instanceof Int32Array)
    return {
      ...base,
      y: all.y.slice(from, to),
      classes: all.classes ?? 0,
      ...(all.classNames ? { classNames: all.classNames } : {}),
    };
  const outputs = all.outputs ?? 1;
  return { ...base, y: all.y.slice(from * outputs, to * outputs), outputs };
}

/** The mean and sd of each input over the rows of `x` (divisor n, two passes; an sd of 0 is kept as 1). */
export function standardization(x: Float64Array, n: number, inputs: number): Standardization {
  const mean = new Array<number>(inputs).fill(0);
  const sd = new Array<number>(inputs).fill(0);
  for (let j = 0; j < inputs; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i * inputs + j]!;
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i * inputs + j]! - m;
      squares += d * d;
    }
    const s = Math.sqrt(squares / n);
    mean[j] = m;
    sd[j] = s > 0 ? s : 1;
  }
  return { mean, sd };
}

/** Standardizes `examples`' inputs in place: x ← (x − mean[j]) / sd[j]. */
export function applyStandardization(examples: ModelExamples, s: Standardization): void {
  const { x, n, inputs } = examples;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < inputs; j++) x[i * inputs + j] = (x[i * inputs + j]! - s.mean[j]!) / s.sd[j]!;
}

/** The model's data from `all`: rows 0 … n − 1 train, the next `test` rows test (none: null), standardized when asked. */
export function splitModelData(all: DrawnExamples, n: number, test: number, standardize: boolean): ModelData {
  const train = sliceExamples(all, 0, n);
  const held = test > 0 ? sliceExamples(all, n, n + test) : null;
  if (!standardize) return { train, test: held, standardization: null };
  const s = standardization(train.x, train.n, train.inputs);
  applyStandardization(train, s);
  if (held) applyStandardization(held, s);
  return { train, test: held, standardization: s };
}
