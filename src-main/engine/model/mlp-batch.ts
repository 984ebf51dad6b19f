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
      const bo = po + b;
      const wo = po + w;
      const k4 = fanOut - (fanOut % 4);
      for (let r = 0; r < m; r++) {
        const zo = r * fanOut;
        const ho = r * fanIn;
        // Four units at a time in registers; each z adds its inputs in turn, skipping those that are 0.
        for (let k = 0; k < k4; k += 4) {
          let z0 = phi[bo + k]!;
          let z1 = phi[bo + k + 1]!;
          let z2 = phi[bo + k + 2]!;
          let z3 = phi[bo + k + 3]!;
          for (let i = 0, at = wo + k; i < fanIn; i++, at += fanOut) {
            const a = hin[ho + i]!;
            if (a === 0) continue;
            z0 += a * phi[at]!;
            z1 += a * phi[at + 1]!;
            z2 += a * phi[at + 2]!;
            z3 += a * phi[at + 3]!;
          }
          z[zo + k] = z0;
          z[zo + k + 1] = z1;
          z[zo + k + 2] = z2;
          z[zo + k + 3] = z3;
        }
        for (let k = k4; k < fanOut; k++) {
          let acc = phi[bo + k]!;
          for (let i = 0, at = wo + k; i < fanIn; i++, at += fanOut) {
            const a = hin[ho + i]!;
            if (a !== 0) acc += a * phi[at]!;
          }
          z[zo + k] = acc;
        }
      }
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
    const bo = oo + b;
    for (let k = 0; k < fanOut; k++) {
      let acc = out[bo + k]!;
      for (let r = 0; r < m; r++) acc += s * d[r * fanOut + k]!;
      out[bo + k] = acc;
    }
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
      const row = oo + w + i * fanOut;
      let k = 0;
      for (; k + 4 <= fanOut; k += 4) {
        let g0 = out[row + k]!;
        let g1 = out[row + k + 1]!;
        let g2 = out[row + k + 2]!;
        let g3 = out[row + k + 3]!;
        for (let q = 0; q < n; q++) {
          const a = nzVal[q]!;
          const at = nzRow[q]! + k;
          g0 += a * d[at]!;
          g1 += a * d[at + 1]!;
          g2 += a * d[at + 2]!;
          g3 += a * d[at + 3]!;
        }
        out[row + k] = g0;
        out[row + k + 1] = g1;
        out[row + k + 2] = g2;
        out[row + k + 3] = g3;
      }
      for (; k < fanOut; k++) {
        let acc = out[row + k]!;
        for (let q = 0; q < n; q++) acc += nzVal[q]! * d[nzRow[q]! + k]!;
        out[row + k] = acc;
      }
    }
    if (l === 0) return;
    const dIn = this.delta[l]!;
    const wo = po + w;
    for (let r = 0; r < m; r++) {
      const dr = r * fanOut;
      const di = r * fanIn;
      let i = 0;
      // Four inputs at a time, each sum over the units in turn.
      for (; i + 4 <= fanIn; i += 4) {
        const w0 = wo + i * fanOut;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let k = 0; k < fanOut; k++) {
          const dk = d[dr + k]!;
          a0 += phi[w0 + k]! * dk;
          a1 += phi[w0 + fanOut + k]! * dk;
          a2 += phi[w0 + 2 * fanOut + k]! * dk;
          a3 += phi[w0 + 3 * fanOut + k]! * dk;
        }
        dIn[di + i] = a0;
        dIn[di + i + 1] = a1;
        dIn[di + i + 2] = a2;
        dIn[di + i + 3] = a3;
      }
      for (; i < fanIn; i++) {
        const wr = wo + i * fanOut;
        let acc = 0;
        for (let k = 0; k < fanOut; k++) acc += phi[wr + k]! * d[dr + k]!;
        dIn[di + i] = acc;
      }
    }
    scaleBySlope(this.model.activation, this.z[l]!, hin, dIn, m * fanIn);
  }
}
