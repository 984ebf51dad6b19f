/**
 * A model's full loss on the points of one plane Φ(α, β) = c + α·d1 + β·d2 (SPEC §13), float64, with
 * loops over layers and over blocks of rows. The first layer is linear in Φ, so its values over a
 * set's rows are precomputed once per plane,
 *   Z₁(α, β) = X W₁(Φ) + b₁(Φ) = (X W₁ᶜ + b₁ᶜ) + α (X W₁¹ + b₁¹) + β (X W₁² + b₁²),
 * and each grid point costs three n × fan_out combinations there instead of n × fan_in × fan_out
 * products (784 → 3 per unit for digits); the later layers run z = h W + b, h = act(z) per block of rows
 * (shared/model/activations.ts: the activations and per-example losses the engine uses; tanh by
 * fast-tanh.ts, within a few 10⁻¹⁶ of Math.tanh, without its library call).
 */
import type { ModelData, ModelExamples } from '../../shared/data/model-data';
import { isLabeled } from '../../shared/data/model-data';
import type { Plane } from '../../shared/landscape/types';
import { activate, outputLoss } from '../../shared/model/activations';
import type { ModelLayout } from '../../shared/model/layout';
import type { Model } from '../../shared/experiment/experiment';
import { tanhFast, tanhFastAll } from './fast-tanh';

/** Rows per block of the later layers. */
const BLOCK = 128;

/** One set's first-layer values on the plane: n × fanOut each, for c, d1 and d2. */
interface FirstLayer {
  set: ModelExamples;
  zc: Float64Array;
  z1: Float64Array;
  z2: Float64Array;
}

/** X W + b over every row of `set`, with W and b read from `phi` at the first layer's offsets. */
function firstLayer(set: ModelExamples, layout: ModelLayout, phi: Float64Array): Float64Array {
  const { fanIn, fanOut, w, b } = layout.layers[0]!;
  const out = new Float64Array(set.n * fanOut);
  for (let r = 0; r < set.n; r++) {
    const zo = r * fanOut;
    for (let k = 0; k < fanOut; k++) out[zo + k] = phi[b + k]!;
    for (let i = 0; i < fanIn; i++) {
      const a = set.x[r * fanIn + i]!;
      if (a === 0) continue;
      const row = w + i * fanOut;
      for (let k = 0; k < fanOut; k++) out[zo + k]! += a * phi[row + k]!;
    }
  }
  return out;
}

/**
 * z[zo + k] = b_k + Σ_i h[ho + i] W[i][k] for one row, the inputs added in turn, eight units (then four)
 * at a time in registers (W and b read from `phi` at offsets w and b).
 */
function layerRow(
  phi: Float64Array,
  w: number,
  b: number,
  fanIn: number,
  fanOut: number,
  h: Float64Array,
  ho: number,
  z: Float64Array,
  zo: number,
): void {
  let k = 0;
  for (; k + 8 <= fanOut; k += 8) {
    let z0 = phi[b + k]!;
    let z1 = phi[b + k + 1]!;
    let z2 = phi[b + k + 2]!;
    let z3 = phi[b + k + 3]!;
    let z4 = phi[b + k + 4]!;
    let z5 = phi[b + k + 5]!;
    let z6 = phi[b + k + 6]!;
    let z7 = phi[b + k + 7]!;
    for (let i = 0, at = w + k; i < fanIn; i++, at += fanOut) {
      const a = h[ho + i]!;
      z0 += a * phi[at]!;
      z1 += a * phi[at + 1]!;
      z2 += a * phi[at + 2]!;
      z3 += a * phi[at + 3]!;
      z4 += a * phi[at + 4]!;
      z5 += a * phi[at + 5]!;
      z6 += a * phi[at + 6]!;
      z7 += a * phi[at + 7]!;
    }
    z[zo + k] = z0;
    z[zo + k + 1] = z1;
    z[zo + k + 2] = z2;
    z[zo + k + 3] = z3;
    z[zo + k + 4] = z4;
    z[zo + k + 5] = z5;
    z[zo + k + 6] = z6;
    z[zo + k + 7] = z7;
  }
  for (; k + 4 <= fanOut; k += 4) {
    let z0 = phi[b + k]!;
    let z1 = phi[b + k + 1]!;
    let z2 = phi[b + k + 2]!;
    let z3 = phi[b + k + 3]!;
    for (let i = 0, at = w + k; i < fanIn; i++, at += fanOut) {
      const a = h[ho + i]!;
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
  for (; k < fanOut; k++) {
    let acc = phi[b + k]!;
    for (let i = 0, at = w + k; i < fanIn; i++, at += fanOut) acc += h[ho + i]! * phi[at]!;
    z[zo + k] = acc;
  }
}

export class PlaneKernel {
  private readonly sets: { train: FirstLayer; test: FirstLayer | null };
  private readonly phi: Float64Array;
  private readonly z: Float64Array[];
  private readonly h: Float64Array[];
  private readonly out: Float64Array;

  constructor(
    private readonly model: Model,
    private readonly layout: ModelLayout,
    data: ModelData,
    private readonly plane: Plane,
  ) {
    const first = (set: ModelExamples): FirstLayer => ({
      set,
      zc: firstLayer(set, layout, plane.center),
      z1: firstLayer(set, layout, plane.d1),
      z2: firstLayer(set, layout, plane.d2),
    });
    // firstLayer adds the bias to each term, so d1's and d2's biases enter scaled by α and β as they should.
    this.sets = { train: first(data.train), test: data.test && data.test.n > 0 ? first(data.test) : null };
    this.phi = new Float64Array(layout.D);
    this.z = layout.widths.map((width) => new Float64Array(BLOCK * width));
    this.h = layout.widths.map((width) => new Float64Array(BLOCK * width));
    this.out = new Float64Array(layout.widths.at(-1)!);
  }

  /** The mean loss over the training (or test) examples at c + α·d1 + β·d2; NaN without test examples. */
  loss(alpha: number, beta: number, test: boolean): number {
    const first = test ? this.sets.test : this.sets.train;
    if (!first) return NaN;
    const { center, d1, d2 } = this.plane;
    const phi = this.phi;
    const { layers } = this.layout;
    // Only the later layers read Φ here (the first layer's values are precomputed).
    for (let d = layers[1]?.w ?? phi.length; d < phi.length; d++) phi[d] = center[d]! + alpha * d1[d]! + beta * d2[d]!;
    const L = layers.length;
    const K = layers[L - 1]!.fanOut;
    const { set, zc, z1, z2 } = first;
    const labeled = isLabeled(set);
    let total = 0;
    for (let start = 0; start < set.n; start += BLOCK) {
      const rows = Math.min(BLOCK, set.n - start);
      const w0 = layers[0]!.fanOut;
      const z = this.z[1]!;
      const tanh = this.model.activation === 'tanh' && L > 1;
      if (tanh) {
        // The first layer's values and their tanh in one pass (z₁ is not kept).
        const h1 = this.h[1]!;
        for (let e = 0, at = start * w0; e < rows * w0; e++, at++)
          h1[e] = tanhFast(zc[at]! + alpha * z1[at]! + beta * z2[at]!);
      } else
        for (let e = 0, at = start * w0; e < rows * w0; e++, at++) z[e] = zc[at]! + alpha * z1[at]! + beta * z2[at]!;
      for (let l = 1; l < L; l++) {
        const { fanIn, fanOut, w, b } = layers[l]!;
        const hin = this.h[l]!;
        if (tanh) {
          if (l > 1) tanhFastAll(this.z[l]!, hin, rows * fanIn);
        } else activate(this.model.activation, this.z[l]!, hin, rows * fanIn);
        const zout = this.z[l + 1]!;
        for (let r = 0; r < rows; r++) layerRow(phi, w, b, fanIn, fanOut, hin, r * fanIn, zout, r * fanOut);
      }
      const zl = this.z[L]!;
      const out = this.out;
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < K; k++) out[k] = zl[r * K + k]!;
        const j = start + r;
        total += labeled
          ? outputLoss(this.model.output, out, K, set.y[j]!, null, 0, null)
          : outputLoss(this.model.output, out, K, 0, set.y, j * K, null);
      }
    }
    return total / set.n;
  }
}
