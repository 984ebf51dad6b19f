/**
 * The layout of a model's Φ (SPEC §13): layer after layer, first its weights W (fan_in × fan_out,
 * row-major: W[j][k] joins input j to unit k, at offset j·fan_out + k), then its biases b (fan_out).
 * A layer computes z = h W + b; hidden layers then apply the activation. D = Σ (fan_in + 1)·fan_out.
 */
import type { Model } from '../experiment/experiment';

/** One layer's place in Φ. */
export interface LayerSlice {
  fanIn: number;
  fanOut: number;
  /** Offset of W[0][0] in Φ. */
  w: number;
  /** Offset of b[0] in Φ (= w + fanIn·fanOut). */
  b: number;
}

export interface ModelLayout {
  /** Units per layer, inputs first and outputs last: [inputs, ...hidden, outputs]. */
  widths: number[];
  layers: LayerSlice[];
  /** The number of weights, Σ (fan_in + 1)·fan_out. */
  D: number;
}

/** The number of output units: 1 for `logistic`, the classes for `softmax`, the targets for `linear`. */
export function outputUnits(model: Pick<Model, 'output'>, classesOrTargets: number): number {
  return model.output === 'logistic' ? 1 : classesOrTargets;
}

/** The layout of a model with `inputs` inputs and `outputs` output units. */
export function modelLayout(model: Pick<Model, 'hidden'>, inputs: number, outputs: number): ModelLayout {
  const widths = [inputs, ...model.hidden, outputs];
  const layers: LayerSlice[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l]!;
    const fanOut = widths[l + 1]!;
    layers.push({ fanIn, fanOut, w: at, b: at + fanIn * fanOut });
    at += (fanIn + 1) * fanOut;
  }
  return { widths, layers, D: at };
}
