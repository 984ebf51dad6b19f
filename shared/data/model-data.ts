/**
 * The examples a model trains on (SPEC §13 "Data for a model"), as the data module hands them to the
 * model's kernels: float64 inputs, row-major, already standardized when asked; targets as class
 * labels (logistic, softmax) or real values (linear). Test examples come separately and never enter a
 * gradient. Pure types: no Node, no DOM.
 */

/** What every set of examples has: n rows of `inputs` float64 numbers. */
interface ExamplesBase {
  /** n × inputs, row-major: example i's input j at i·inputs + j (standardized when asked). */
  x: Float64Array;
  n: number;
  inputs: number;
  /** The names of the input columns (generated sets: x1, x2; digits: p0 … p783). */
  inputNames: string[];
  /** The names of the target columns (one for labels). */
  targetNames: string[];
}

/** Examples with class labels 0 … classes − 1 (`logistic`: 2 classes, `softmax`: K). */
export interface LabeledExamples extends ExamplesBase {
  /** Example i's label, 0 … classes − 1. */
  y: Int32Array;
  classes: number;
  /** What each label stands for, when the data named them (a CSV's `setosa`, iris's species). */
  classNames?: string[];
}

/** Examples with real targets (`linear`): n × outputs, row-major. */
export interface RealExamples extends ExamplesBase {
  y: Float64Array;
  outputs: number;
}

export type ModelExamples = LabeledExamples | RealExamples;

/** The means and sds that standardized the inputs: (x − mean[j]) / sd[j] (sd 0 is kept as 1). */
export interface Standardization {
  mean: number[];
  sd: number[];
}

/** A model's data: the training examples, the held-out test examples (or null), the standardization used. */
export interface ModelData {
  train: ModelExamples;
  test: ModelExamples | null;
  standardization: Standardization | null;
}

/** Whether the examples carry class labels (rather than real targets). */
export function isLabeled(examples: ModelExamples): examples is LabeledExamples {
  return 'classes' in examples;
}
