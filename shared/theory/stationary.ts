/**
 * The stationary covariance of SGD in a quadratic basin (SPEC §7, §11): C solving
 *   H C + C H − a H C H = η Σ,
 * with a = η for SGD and a = η/K for Langevin dynamics with K Euler–Maruyama substeps per η. It is
 * solved exactly as one linear system in vec(C) (D² unknowns; D is 1 or 2 here):
 *   (I ⊗ H + Hᵀ ⊗ I − a Hᵀ ⊗ H) vec(C) = η vec(Σ).
 */
import {
  add,
  identity,
  kron,
  matmul,
  scale,
  solve,
  symmetrize,
  trace,
  transpose,
  unvec,
  vec,
  type Matrix,
} from './linalg';

/**
 * C for Hessian H, gradient-noise covariance Σ (of one step's ĝ), learning rate η and curvature weight
 * `a` (η for SGD, η/K for Langevin). Throws when the system is singular (H not positive definite
 * along some direction where ηH has no stationary state).
 */
export function stationaryCovariance(H: Matrix, Sigma: Matrix, eta: number, a = eta): Matrix {
  const n = H.length;
  const I = identity(n);
  const Ht = transpose(H);
  const A = add(add(kron(I, H), kron(Ht, I)), scale(kron(Ht, H), -a));
  return symmetrize(unvec(solve(A, vec(scale(Sigma, eta))), n));
}

/** The residual H C + C H − a H C H − η Σ, for checks. */
export function stationaryResidual(H: Matrix, C: Matrix, Sigma: Matrix, eta: number, a = eta): Matrix {
  const HC = matmul(H, C);
  return add(add(add(HC, matmul(C, H)), scale(matmul(HC, H), -a)), scale(Sigma, -eta));
}

/** The predicted excess loss of the stationary cloud over L(Φ*): ½ tr(H C). */
export function excessLoss(H: Matrix, C: Matrix): number {
  return trace(matmul(H, C)) / 2;
}

/** Richardson extrapolation of L(Φ*) from L(η/2) and L(η): 2 L(η/2) − L(η) (SPEC §7 ⚠). */
export function richardson(lHalf: number, lFull: number): number {
  return 2 * lHalf - lFull;
}
