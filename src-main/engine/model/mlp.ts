/**
 * A multilayer perceptron over Φ in SPEC §13's layout (shared/model/layout.ts), float64, one example
 * at a time with loops over the layers: the forward pass z_l = h_{l−1} W_l + b_l, h_l = act(z_l)
 * (the last layer's z is the output), and the backward pass δ_L = ∂L_i/∂z_L,
 * ∂L_i/∂W_l[j][k] = h_{l−1}[j] δ_l[k], ∂L_i/∂b_l[k] = δ_l[k], δ_{l−1} = (W_l δ_l) ⊙ act′(z_{l−1}).
 * Gradients are accumulated scaled (out += s·∇L_i), so a mean over a batch, a per-example gradient
 * and a weighted sum of them are one loop each. Holds only scratch vectors: one Mlp serves any Φ.
 */
import { activate, outputLoss, predictedClass, scaleBySlope } from '../../../shared/model/activations';
import { modelLayout, outputUnits, type ModelLayout } from '../../../shared/model/layout';
import type { ModelExamples } from '../../../shared/data/model-data';
import { isLabeled } from '../../../shared/data/model-data';
import type { Model } from '../../../shared/experiment/experiment';
import { BlockPasses } from './mlp-batch';

export class Mlp {
  readonly layout: ModelLayout;
  readonly D: number;
  /** Pre-activations z_l and activations h_l per layer (h_0: the input row), from the last forward pass. */
  readonly z: Float64Array[];
  readonly h: Float64Array[];
  /** δ_l = ∂L_i/∂z_l per layer, from the last backward pass. */
  readonly delta: Float64Array[];
  /** Output units. */
  readonly K: number;
  /** The same passes over blocks of examples (mean losses and mean gradients). */
  private readonly blocks: BlockPasses;

  constructor(
    readonly model: Model,
    readonly inputs: number,
    classesOrTargets: number,
  ) {
    this.K = outputUnits(model, classesOrTargets);
    this.layout = modelLayout(model, inputs, this.K);
    this.D = this.layout.D;
    const widths = this.layout.widths;
    this.z = widths.map((w) => new Float64Array(w));
    this.h = widths.map((w) => new Float64Array(w));
    this.delta = widths.map((w) => new Float64Array(w));
    this.blocks = new BlockPasses(model, this.layout);
  }

  /** The forward pass of example j of `set` at Φ = phi[po…]; returns the output values z (scratch). */
  forward(phi: Float64Array, po: number, set: ModelExamples, j: number): Float64Array {
    const { layers } = this.layout;
    const h0 = this.h[0]!;
    const xo = j * this.inputs;
    for (let k = 0; k < this.inputs; k++) h0[k] = set.x[xo + k]!;
    for (let l = 0; l < layers.length; l++) {
      const { fanIn, fanOut, w, b } = layers[l]!;
      const hin = this.h[l]!;
      const z = this.z[l + 1]!;
      for (let k = 0; k < fanOut; k++) z[k] = phi[po + b + k]!;
      for (let i = 0; i < fanIn; i++) {
        const a = hin[i]!;
        if (a === 0) continue;
        const row = po + w + i * fanOut;
        for (let k = 0; k < fanOut; k++) z[k]! += a * phi[row + k]!;
      }
      if (l + 1 < layers.length) activate(this.model.activation, z, this.h[l + 1]!, fanOut);
    }
    return this.z[layers.length]!;
  }

  /** L_i of example j (and ∂L_i/∂z into the last δ when `grad`). */
  private lossAt(set: ModelExamples, j: number, grad: boolean): number {
    const out = this.z[this.layout.layers.length]!;
    const dz = grad ? this.delta[this.layout.layers.length]! : null;
    if (isLabeled(set)) return outputLoss(this.model.output, out, this.K, set.y[j]!, null, 0, dz);
    return outputLoss(this.model.output, out, this.K, 0, set.y, j * this.K, dz);
  }

  /** L_i of example j at Φ. */
  exampleLoss(phi: Float64Array, po: number, set: ModelExamples, j: number): number {
    this.forward(phi, po, set, j);
    return this.lossAt(set, j, false);
  }

  /** Whether example j's most likely class at Φ is its label (the outputs of the last `forward`). */
  correct(set: ModelExamples, j: number): boolean {
    if (!isLabeled(set)) return false;
    return predictedClass(this.model.output, this.z[this.layout.layers.length]!, this.K) === set.y[j];
  }

  /** out[oo + d] += s · ∂L_i/∂Φ_d for example j (forward and backward; out null: δ only); returns L_i. */
  exampleGrad(
    phi: Float64Array,
    po: number,
    set: ModelExamples,
    j: number,
    out: Float64Array | null,
    oo: number,
    s: number,
  ): number {
    this.forward(phi, po, set, j);
    const L = this.lossAt(set, j, true);
    const { layers } = this.layout;
    for (let l = layers.length - 1; l >= 0; l--) {
      const { fanIn, fanOut, w, b } = layers[l]!;
      const d = this.delta[l + 1]!;
      const hin = this.h[l]!;
      if (out) {
        for (let k = 0; k < fanOut; k++) out[oo + b + k]! += s * d[k]!;
        for (let i = 0; i < fanIn; i++) {
          const a = s * hin[i]!;
          if (a === 0) continue;
          const row = oo + w + i * fanOut;
          for (let k = 0; k < fanOut; k++) out[row + k]! += a * d[k]!;
        }
      }
      if (l === 0) break;
      const dIn = this.delta[l]!;
      for (let i = 0; i < fanIn; i++) {
        const row = po + w + i * fanOut;
        let acc = 0;
        for (let k = 0; k < fanOut; k++) acc += phi[row + k]! * d[k]!;
        dIn[i] = acc;
      }
      scaleBySlope(this.model.activation, this.z[l]!, hin, dIn, fanIn);
    }
    return L;
  }

  /** The mean loss over `set` at Φ and the share of its examples classified right (NaN for `linear`). */
  evaluate(phi: Float64Array, po: number, set: ModelExamples): { loss: number; accuracy: number } {
    const { loss, right } = this.blocks.lossSum(phi, po, set, null, set.n);
    const labeled = isLabeled(set) && this.model.output !== 'linear';
    return { loss: loss / set.n, accuracy: labeled ? right / set.n : NaN };
  }

  /** The mean loss over the examples rows[0…count) of `set` at Φ (the forward passes of a minibatch). */
  meanLoss(phi: Float64Array, po: number, set: ModelExamples, rows: Int32Array, count: number): number {
    return this.blocks.lossSum(phi, po, set, rows, count).loss / count;
  }

  /** g[go…] = ∇ of the mean loss over the examples `rows[0…count)` (all of `set` when rows is null); returns that mean loss. */
  meanGrad(
    phi: Float64Array,
    po: number,
    set: ModelExamples,
    rows: Int32Array | null,
    count: number,
    g: Float64Array,
    go: number,
  ): number {
    g.fill(0, go, go + this.D);
    return this.blocks.gradSum(phi, po, set, rows, count, g, go, 1 / count) / count;
  }
}
