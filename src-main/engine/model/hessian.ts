/**
 * Exact Hessian-vector products of a model's full training loss (Pearlmutter's R-operator on the MLP,
 * forward over reverse, no finite differences) and its sharpness, the largest Hessian eigenvalue, by
 * power iteration (SPEC §13). With R(·) the derivative along v = (V_W, V_b):
 *   R z_l = R h_{l−1} W_l + h_{l−1} V_W + V_b,  R h_l = act′(z_l) ⊙ R z_l  (R h_0 = 0);
 *   R δ_L = ∇²_z L_i · R z_L;
 *   R(∂L/∂W_l) = R h_{l−1}ᵀ δ_l + h_{l−1}ᵀ R δ_l,  R(∂L/∂b_l) = R δ_l;
 *   R δ_{l−1} = (R δ_l W_lᵀ + δ_l V_Wᵀ) ⊙ act′(z_{l−1}) + (δ_l W_lᵀ) ⊙ act″(z_{l−1}) ⊙ R z_{l−1}.
 */
import { curvature, outputCurvature, scaleBySlope } from '../../../shared/model/activations';
import type { ModelExamples } from '../../../shared/data/model-data';
import type { Mlp } from './mlp';
import { randomStream } from '../random/counter-js';

export class HessianVector {
  private readonly Rz: Float64Array[];
  private readonly Rh: Float64Array[];
  private readonly Rd: Float64Array[];
  private readonly a: Float64Array;
  private readonly c: Float64Array;

  constructor(private readonly net: Mlp) {
    const widths = net.layout.widths;
    this.Rz = widths.map((w) => new Float64Array(w));
    this.Rh = widths.map((w) => new Float64Array(w));
    this.Rd = widths.map((w) => new Float64Array(w));
    const most = Math.max(...widths);
    this.a = new Float64Array(most);
    this.c = new Float64Array(most);
  }

  /** out = H v, H the Hessian of the mean loss over `set` at Φ = phi[po…]. */
  product(phi: Float64Array, po: number, set: ModelExamples, v: Float64Array, out: Float64Array): void {
    out.fill(0);
    for (let j = 0; j < set.n; j++) this.example(phi, po, set, j, v, out, 1 / set.n);
  }

  /** out += s · H_i v for example j. */
  private example(
    phi: Float64Array,
    po: number,
    set: ModelExamples,
    j: number,
    v: Float64Array,
    out: Float64Array,
    s: number,
  ): void {
    const net = this.net;
    const { layers } = net.layout;
    const act = net.model.activation;
    net.exampleGrad(phi, po, set, j, null, 0, 0);
    const { z, h, delta } = net;
    const { Rz, Rh, Rd, a, c } = this;
    Rh[0]!.fill(0);
    for (let l = 0; l < layers.length; l++) {
      const { fanIn, fanOut, w, b } = layers[l]!;
      const rz = Rz[l + 1]!;
      for (let k = 0; k < fanOut; k++) rz[k] = v[b + k]!;
      for (let i = 0; i < fanIn; i++) {
        const ri = Rh[l]![i]!;
        const hi = h[l]![i]!;
        const row = w + i * fanOut;
        for (let k = 0; k < fanOut; k++) rz[k]! += ri * phi[po + row + k]! + hi * v[row + k]!;
      }
      if (l + 1 < layers.length) {
        Rh[l + 1]!.set(rz.subarray(0, fanOut));
        scaleBySlope(act, z[l + 1]!, h[l + 1]!, Rh[l + 1]!, fanOut);
      }
    }
    const L = layers.length;
    outputCurvature(net.model.output, z[L]!, net.K, Rz[L]!, Rd[L]!);
    for (let l = L - 1; l >= 0; l--) {
      const { fanIn, fanOut, w, b } = layers[l]!;
      const d = delta[l + 1]!;
      const rd = Rd[l + 1]!;
      for (let k = 0; k < fanOut; k++) out[b + k]! += s * rd[k]!;
      for (let i = 0; i < fanIn; i++) {
        const ri = s * Rh[l]![i]!;
        const hi = s * h[l]![i]!;
        const row = w + i * fanOut;
        for (let k = 0; k < fanOut; k++) out[row + k]! += ri * d[k]! + hi * rd[k]!;
      }
      if (l === 0) break;
      const rdIn = Rd[l]!;
      for (let i = 0; i < fanIn; i++) {
        const row = w + i * fanOut;
        let back = 0;
        let rback = 0;
        for (let k = 0; k < fanOut; k++) {
          back += phi[po + row + k]! * d[k]!;
          rback += phi[po + row + k]! * rd[k]! + v[row + k]! * d[k]!;
        }
        a[i] = back;
        rdIn[i] = rback;
      }
      scaleBySlope(act, z[l]!, h[l]!, rdIn, fanIn);
      curvature(act, z[l]!, h[l]!, c, fanIn);
      for (let i = 0; i < fanIn; i++) rdIn[i]! += a[i]! * c[i]! * Rz[l]![i]!;
    }
  }
}

/** Power iteration's answer: the eigenvalue, and how many products it took. */
export interface Sharpness {
  value: number;
  products: number;
}

/**
 * The largest eigenvalue of H at Φ by power iteration from a fixed random start, until the residual
 * ‖H v − λ v‖ ≤ tol·|λ| (some eigenvalue then lies within tol·|λ| of λ); when the dominant one is
 * negative, again on H − λ₁ I (whose dominant eigenvalue is λ_max − λ₁ ≥ 0).
 */
export function sharpness(
  net: Mlp,
  phi: Float64Array,
  po: number,
  set: ModelExamples,
  opts: { tol?: number; maxProducts?: number } = {},
): Sharpness {
  const tol = opts.tol ?? 1e-3;
  const max = opts.maxProducts ?? 1000;
  const hv = new HessianVector(net);
  const D = net.D;
  let products = 0;
  const dominant = (shift: number): number => {
    const rs = randomStream();
    const v = new Float64Array(D);
    const w = new Float64Array(D);
    rs.seed(0x5eed, 0, 0);
    rs.normals(v, 0, D);
    scale(v, 1 / norm(v));
    let lambda = 0;
    for (let k = 0; k < max; k++) {
      hv.product(phi, po, set, v, w);
      products++;
      for (let d = 0; d < D; d++) w[d]! -= shift * v[d]!;
      lambda = dot(v, w);
      let r = 0;
      for (let d = 0; d < D; d++) r += (w[d]! - lambda * v[d]!) ** 2;
      const n = norm(w);
      if (Math.sqrt(r) <= tol * Math.abs(lambda) || n === 0) break;
      for (let d = 0; d < D; d++) v[d] = w[d]! / n;
    }
    return lambda;
  };
  const first = dominant(0);
  const value = first >= 0 ? first : first + dominant(first);
  return { value, products };
}

const dot = (x: Float64Array, y: Float64Array) => x.reduce((a, v, d) => a + v * y[d]!, 0);
const norm = (x: Float64Array) => Math.sqrt(dot(x, x));
const scale = (x: Float64Array, f: number) => x.forEach((v, d) => (x[d] = v * f));
