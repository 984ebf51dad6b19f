/**
 * A network's plain float64 forward pass for the views (SPEC §13): the outputs z of one input row x at
 * a given Φ, and what they predict. Φ in SPEC §13's layout (shared/model/layout.ts): layer l computes
 * z_l = h_{l−1} W_l + b_l with W_l[j][k] at offset w_l + j·fan_out + k and b_l[k] at b_l + k; hidden
 * layers then apply the activation h_l = act(z_l) (shared/model/activations.ts); the last z is the output.
 * Φ may be float32 (a frame's positions) or float64; every sum is float64. No Node, no DOM.
 */
import type { Model } from '../experiment/experiment';
import { activate, outputLoss, sigmoid } from './activations';
import { modelLayout, outputUnits, type ModelLayout } from './layout';

/** One network's forward pass at any Φ (scratch vectors only: one ModelForward serves every Φ). */
export class ModelForward {
  readonly layout: ModelLayout;
  /** Output units: 1 for logistic, K for softmax, the targets for linear. */
  readonly K: number;
  private readonly z: Float64Array[];
  private readonly h: Float64Array[];

  constructor(
    readonly model: Model,
    readonly inputs: number,
    classesOrTargets: number,
  ) {
    this.K = outputUnits(model, classesOrTargets);
    this.layout = modelLayout(model, inputs, this.K);
    this.z = this.layout.widths.map((w) => new Float64Array(w));
    this.h = this.layout.widths.map((w) => new Float64Array(w));
  }

  /** The outputs z (scratch: valid until the next call) of the row x[xo … xo + inputs) at Φ = phi[po …]. */
  outputs(phi: ArrayLike<number>, x: ArrayLike<number>, xo = 0, po = 0): Float64Array {
    const { layers } = this.layout;
    const h0 = this.h[0]!;
    for (let j = 0; j < this.inputs; j++) h0[j] = x[xo + j]!;
    for (let l = 0; l < layers.length; l++) {
      const { fanIn, fanOut, w, b } = layers[l]!;
      const hin = this.h[l]!;
      const z = this.z[l + 1]!;
      for (let k = 0; k < fanOut; k++) z[k] = phi[po + b + k]!;
      for (let j = 0; j < fanIn; j++) {
        const a = hin[j]!;
        const row = po + w + j * fanOut;
        for (let k = 0; k < fanOut; k++) z[k]! += a * phi[row + k]!;
      }
      if (l + 1 < layers.length) activate(this.model.activation, z, this.h[l + 1]!, fanOut);
    }
    return this.z[layers.length]!;
  }

  /**
   * What the outputs z predict, into `p` (K numbers): logistic p₀ = σ(z) = P(class 1); softmax
   * p_k = e^{z_k − m} / Σ_j e^{z_j − m} (m = max z, so nothing overflows); linear p = z.
   */
  predict(z: Float64Array, p: Float64Array): Float64Array {
    const K = this.K;
    if (this.model.output === 'logistic') p[0] = sigmoid(z[0]!);
    else if (this.model.output === 'linear') for (let k = 0; k < K; k++) p[k] = z[k]!;
    else {
      let m = -Infinity;
      for (let k = 0; k < K; k++) if (z[k]! > m) m = z[k]!;
      let s = 0;
      for (let k = 0; k < K; k++) s += p[k] = Math.exp(z[k]! - m);
      for (let k = 0; k < K; k++) p[k]! /= s;
    }
    return p;
  }

  /**
   * The mean loss (1/n) Σ_i L_i over n rows (SPEC §13's L_i: logistic log(1 + e^z) − y z, softmax
   * log Σ e^{z_k} − z_y, linear ½‖z − y‖²); `y` holds labels, or K targets per row for linear.
   */
  meanLoss(phi: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
    const linear = this.model.output === 'linear';
    const target = linear ? Float64Array.from(y) : null;
    let L = 0;
    for (let i = 0; i < n; i++) {
      const z = this.outputs(phi, x, i * this.inputs);
      L += outputLoss(this.model.output, z, this.K, linear ? 0 : y[i]!, target, i * this.K, null);
    }
    return L / n;
  }
}
