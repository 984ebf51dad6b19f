/**
 * A network's full training loss as the stationary theory's LossModel (shared/theory/loss-model.ts):
 * L(Φ) = (1/n) Σ_i L_i(Φ) over the training rows by the model engine's float64 network (mlp.ts), its
 * gradient by back-propagation, its Hessian column by column from exact Hessian-vector products
 * (Pearlmutter's R-operator, engine/model/hessian.ts: H e_d, then (H + Hᵀ)/2 against rounding), and
 * the per-example gradient covariance (1/n) Σ_i (g_i − ḡ)(g_i − ḡ)ᵀ (divisor n).
 */
import type { ModelExamples } from '../../shared/data/model-data';
import type { Matrix } from '../../shared/theory/linalg';
import type { LossModel } from '../../shared/theory/loss-model';
import { HessianVector } from '../engine/model/hessian';
import type { Mlp } from '../engine/model/mlp';

export function modelLossModel(net: Mlp, set: ModelExamples): LossModel {
  const D = net.D;
  const hv = new HessianVector(net);
  const at = (phi: readonly number[]) => Float64Array.from(phi);
  return {
    params: Array.from({ length: D }, (_, d) => `Φ[${d}]`),
    nodes: 0,
    value: (phi) => net.evaluate(at(phi), 0, set).loss,
    gradient(phi) {
      const g = new Float64Array(D);
      net.meanGrad(at(phi), 0, set, null, set.n, g, 0);
      return Array.from(g);
    },
    hessian(phi) {
      const x = at(phi);
      const e = new Float64Array(D);
      const col = new Float64Array(D);
      const cols: Float64Array[] = [];
      for (let d = 0; d < D; d++) {
        e[d] = 1;
        hv.product(x, 0, set, e, col);
        e[d] = 0;
        cols.push(col.slice());
      }
      return cols.map((c, i) => Array.from(c, (v, j) => (v + cols[j]![i]!) / 2));
    },
    exampleGradientCovariance(phi) {
      const x = at(phi);
      const n = set.n;
      const G = Array.from({ length: n }, (_, j) => {
        const g = new Float64Array(D);
        net.exampleGrad(x, 0, set, j, g, 0, 1);
        return g;
      });
      const mean = new Float64Array(D);
      for (const g of G) for (let d = 0; d < D; d++) mean[d]! += g[d]! / n;
      const S: Matrix = Array.from({ length: D }, () => new Array<number>(D).fill(0));
      for (const g of G) {
        for (let d = 0; d < D; d++) g[d]! -= mean[d]!;
        for (let d = 0; d < D; d++) {
          const gd = g[d]! / n;
          if (gd === 0) continue;
          const row = S[d]!;
          for (let k = d; k < D; k++) row[k]! += gd * g[k]!;
        }
      }
      for (let d = 0; d < D; d++) for (let k = 0; k < d; k++) S[d]![k] = S[k]![d]!;
      return S;
    },
  };
}
