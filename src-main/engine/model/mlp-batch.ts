/**
 * The MLP's passes over a block of examples at once (mlp.ts holds the one-example passes): layer by
 * layer for all the block's rows, z_l = h_{l−1} W_l + b_l and h_l = act(z_l) over the block, then
 * δ_L = ∂L_i/∂z_L per row, ∂L/∂W_l[j][k] = Σ_i s·h_{l−1,i}[j] δ_{l,i}[k] (a dot product over the rows,
 * in the rows' order), ∂L/∂b_l[k] = Σ_i s·δ_{l,i}[k], δ_{l−1} = (W_l δ_l) ⊙ act′(z_{l−1}).
 * Every sum runs in the order the one-example passes run it (each weight's gradient adds the rows in
 * turn, skipping those whose s·h is 0; each z adds the inputs in turn, skipping inputs that are 0), so
 * the results are the same to the bit; the block form only hoists the loops' reads and calls
 * `activate` once per layer and block.
 */
import { activate, outputLoss, predictedClass, scaleBySlope } from '../../../shared/model/activations';
import type { ModelLayout } from '../../../shared/model/layout';
import { isLabeled, type ModelExamples } from '../../../shared/data/model-data';
import type { Model } from '../../../shared/experiment/experiment';
import { addBiasGrads, addWeightGrads, deltaIn, forwardRows } from './mlp-rows';

/** Rows per block. */
export const BLOCK = 64;

/** The block passes of one network shape, with their scratch (one BlockPasses serves every Φ). */
export class BlockPasses {
  /** z_l and h_l of each row of the block, row-major (row·width + unit). */
  private readonly z: Float64Array[];
  private readonly h: Float64Array[];
  /** δ_l of each row, row-major. */
  private readonly delta: Float64Array[];
  /** The output values and ∂L_i/∂z of one row. */
  private readonly out: Float64Array;
  private readonly dz: Float64Array;
  /** The rows with s·h ≠ 0 of one input unit, and those s·h. */
  private readonly nzRow = new Int32Array(BLOCK);
  private readonly nzVal = new Float64Array(BLOCK);
  private readonly K: number;

  constructor(
    private readonly model: Model,
    private readonly layout: ModelLayout,
  ) {
    this.z = layout.widths.map((w) => new Float64Array(BLOCK * w));
    this.h = layout.widths.map((w) => new Float64Array(BLOCK * w));
    this.delta = layout.widths.map((w) => new Float64Array(BLOCK * w));
    this.K = layout.widths.at(-1)!;
    this.out = new Float64Array(this.K);
    this.dz = new Float64Array(this.K);
  }

  /** The forward pass of rows `rows[from…from + m)` (rows null: from…from + m) of `set` at Φ = phi[po…]. */
  private forward(phi: Float64Array, po: number, set: ModelExamples, rows: Int32Array | null, from: number, m: number) {
    const { layers } = this.layout;
    const x = set.x;
    const fi0 = layers[0]!.fanIn;
    const h0 = this.h[0]!;
    for (let r = 0; r < m; r++) {
      const xo = (rows ? rows[from + r]! : from + r) * fi0;
      const ho = r * fi0;
      for (let i = 0; i < fi0; i++) h0[ho + i] = x[xo + i]!;
    }
    const L = layers.length;
    for (let l = 0; l < L; l++) {
      const { fanIn, fanOut, w, b } = layers[l]!;
      const hin = this.h[l]!;
      const z = this.z[l + 1]!;
      forwardRows(phi, po + w, po + b, fanIn, fanOut, hin, z, m);
      if (l + 1 < L) activate(this.model.activation, z, this.h[l + 1]!, m * fanOut);
    }
  }

  /** L_i of row r of the block (example j of `set`), and ∂L_i/∂z into `dz` when `grad`. */
  private rowLoss(set: ModelExamples, j: number, r: number, grad: boolean): number {
    const K = this.K;
    const zl = this.z[this.layout.layers.length]!;
    const out = this.out;
    for (let k = 0; k < K; k++) out[k] = zl[r * K + k]!;
    const dz = grad ? this.dz : null;
    if (isLabeled(set)) return outputLoss(this.model.output, out, K, set.y[j]!, null, 0, dz);
    return outputLoss(this.model.output, out, K, 0, set.y, j * K, dz);
  }

  /** The summed loss over the examples rows[0…count) of `set` (rows null: 0…count) and the number classified right (labels only). */
  lossSum(
    phi: Float64Array,
    po: number,
    set: ModelExamples,
    rows: Int32Array | null,
    count: number,
  ): { loss: number; right: number } {
    let L = 0;
    let right = 0;
    const labeled = isLabeled(set);
    for (let from = 0; from < count; from += BLOCK) {
      const m = Math.min(BLOCK, count - from);
      this.forward(phi, po, set, rows, from, m);
      for (let r = 0; r < m; r++) {
        const j = rows ? rows[from + r]! : from + r;
        L += this.rowLoss(set, j, r, false);
        if (labeled && predictedClass(this.model.output, this.out, this.K) === set.y[j]) right++;
      }
    }
    return { loss: L, right };
  }

  /**
   * out[oo + d] += s · Σ_b ∂L_{j_b}/∂Φ_d over the examples j_b = rows[b] (rows null: b) for b < count,
   * the rows' terms added in turn; returns Σ_b L_{j_b}.
   */
  gradSum(
    phi: Float64Array,
    po: number,
    set: ModelExamples,
    rows: Int32Array | null,
    count: number,
    out: Float64Array,
    oo: number,
    s: number,
  ): number {
    let L = 0;
    const { layers } = this.layout;
    const last = layers.length;
    const K = this.K;
    for (let from = 0; from < count; from += BLOCK) {
      const m = Math.min(BLOCK, count - from);
      this.forward(phi, po, set, rows, from, m);
      const dl = this.delta[last]!;
      for (let r = 0; r < m; r++) {
        L += this.rowLoss(set, rows ? rows[from + r]! : from + r, r, true);
        for (let k = 0; k < K; k++) dl[r * K + k] = this.dz[k]!;
      }
      for (let l = last - 1; l >= 0; l--) this.backLayer(phi, po, l, m, out, oo, s);
    }
    return L;
  }

  /** Layer l's share of the backward pass over a block of m rows: its gradient, then δ_l. */
  private backLayer(phi: Float64Array, po: number, l: number, m: number, out: Float64Array, oo: number, s: number) {
    const { fanIn, fanOut, w, b } = this.layout.layers[l]!;
    const d = this.delta[l + 1]!;
    const hin = this.h[l]!;
    addBiasGrads(out, oo + b, fanOut, d, m, s);
    const nzRow = this.nzRow;
    const nzVal = this.nzVal;
    for (let i = 0; i < fanIn; i++) {
      let n = 0;
      for (let r = 0; r < m; r++) {
        const a = s * hin[r * fanIn + i]!;
        if (a === 0) continue;
        nzRow[n] = r * fanOut;
        nzVal[n++] = a;
      }
      if (n === 0) continue;
      addWeightGrads(out, oo + w + i * fanOut, fanOut, d, nzRow, nzVal, n);
    }
    if (l === 0) return;
    const dIn = this.delta[l]!;
    deltaIn(phi, po + w, fanIn, fanOut, d, dIn, m);
    scaleBySlope(this.model.activation, this.z[l]!, hin, dIn, m * fanIn);
  }
}
