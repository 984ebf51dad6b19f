/**
 * The stationary covariance of SGD in a network's basin from H's eigenbasis (SPEC §11, §13): with
 * H = Uᵀ Λ U (rows of U the unit eigenvectors) and Σ̃ = U Σ Uᵀ, the equation H C + C H − a H C H = η Σ
 * is diagonal entry by entry:
 *   C̃_ij = η Σ̃_ij / (λ_i + λ_j − a λ_i λ_j),  C = Uᵀ C̃ U,
 * and the excess ½ tr(H C) = ½ Σ_i λ_i C̃_ii = ½ Σ_i η Σ̃_ii / (2 − a λ_i) needs only Σ̃'s diagonal.
 * a = η for SGD, η/K for Langevin with K substeps.
 */
import type { SymmetricEigen } from './eigen';
import type { Matrix } from './linalg';

/** Eigenvalues below −FLAT·max|λ| are negative curvature: a saddle, with no stationary state. */
const FLAT = 1e-9;

/** u Σ w for unit rows u, w. */
function sandwich(u: Float64Array, Sigma: Matrix, w: Float64Array): number {
  let s = 0;
  for (let k = 0; k < u.length; k++) {
    const row = Sigma[k]!;
    let r = 0;
    for (let l = 0; l < w.length; l++) r += row[l]! * w[l]!;
    s += u[k]! * r;
  }
  return s;
}

/**
 * Why some eigendirection has no stationary state (null when every one has): an eigenvalue clearly
 * negative (below −FLAT·max|λ|: a saddle or a falling valley), or a λ with a λ ≥ 2 (the step overshoots
 * and grows). `aName` names a in the message: η for SGD, η/K for Langevin.
 */
export function instability(eig: SymmetricEigen, a: number, aName = 'η'): string | null {
  const values = eig.values;
  if (!values.every(Number.isFinite)) return 'H is not finite there';
  const big = Math.max(1e-300, ...values.map(Math.abs));
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (low < -FLAT * big)
    return `H has a negative eigenvalue ${low.toExponential(2)} (largest ${high.toExponential(2)}): a saddle or a falling valley, with no stationary state`;
  if (!(2 - a * high > 0))
    return `${aName} λ_max = ${(a * high).toPrecision(3)} ≥ 2 (λ_max = ${high.toPrecision(3)}): the steps overshoot and grow along it`;
  return null;
}

/** Whether every eigenvalue admits a stationary state: none clearly negative, none at or above 2/a. */
export function stable(eig: SymmetricEigen, a: number): boolean {
  return instability(eig, a) === null;
}

/** ½ tr(H C) from Σ̃'s diagonal; null when some direction has no stationary state. */
export function eigenExcess(eig: SymmetricEigen, Sigma: Matrix, eta: number, a: number): number | null {
  if (!stable(eig, a)) return null;
  let excess = 0;
  eig.values.forEach((l, i) => {
    const u = eig.vectors[i]!;
    excess += (eta * sandwich(u, Sigma, u)) / (2 - a * l);
  });
  return excess / 2;
}

/**
 * C itself (D×D), null when some pair (i, j) has no stationary state: λ_i + λ_j − a λ_i λ_j ≤ 0 (up to
 * rounding) where Σ̃_ij is not zero. A flat pair with no noise along it gets C̃_ij = 0.
 */
export function eigenCovariance(eig: SymmetricEigen, Sigma: Matrix, eta: number, a: number): Matrix | null {
  if (!stable(eig, a)) return null;
  const n = eig.values.length;
  const U = eig.vectors;
  const lam = eig.values;
  const big = Math.max(1e-300, ...lam.map(Math.abs));
  // Σ̃ = U Σ Uᵀ: first S = U Σ (rows u_i Σ), then S Uᵀ.
  const S = U.map((u) => {
    const row = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const uk = u[k]!;
      if (uk === 0) continue;
      const sk = Sigma[k]!;
      for (let l = 0; l < n; l++) row[l]! += uk * sk[l]!;
    }
    return row;
  });
  const sigBig = Math.max(1e-300, ...S.flatMap((r) => Array.from(r, Math.abs)));
  const Ct: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let st = 0;
      const uj = U[j]!;
      for (let l = 0; l < n; l++) st += S[i]![l]! * uj[l]!;
      const den = lam[i]! + lam[j]! - a * lam[i]! * lam[j]!;
      if (den > FLAT * big) row[j] = (eta * st) / den;
      else if (Math.abs(st) <= 1e-12 * sigBig) row[j] = 0;
      else return null;
    }
    Ct.push(row);
  }
  // C = Uᵀ C̃ U: C_kl = Σ_ij U_ik C̃_ij U_jl.
  const T = Ct.map((row) => {
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const c = row[j]!;
      if (c === 0) continue;
      const uj = U[j]!;
      for (let l = 0; l < n; l++) out[l]! += c * uj[l]!;
    }
    return out;
  });
  const C: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const ui = U[i]!;
    const ti = T[i]!;
    for (let k = 0; k < n; k++) {
      const u = ui[k]!;
      if (u === 0) continue;
      const Ck = C[k]!;
      for (let l = 0; l < n; l++) Ck[l]! += u * ti[l]!;
    }
  }
  return C.map((row, k) => row.map((v, l) => (v + C[l]![k]!) / 2));
}
