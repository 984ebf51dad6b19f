/**
 * The top principal directions of a set of points in ℝᴰ (the rows of X, T of them), without a D×D
 * matrix: block subspace iteration on M = X̃ᵀX̃, X̃ the rows minus their mean, applied as X̃ᵀ(X̃ V)
 * (2·T·D·b work per iteration for a block of b vectors), with a Rayleigh–Ritz step each iteration
 * (the b×b matrix Vᵀ M V diagonalized, `symmetricEigen`). It stops when each wanted Ritz pair (λ, u)
 * has ‖M u − λ u‖ ≤ max(1e-10·λ, 1e-13·λ₁). These are the right singular vectors of X̃, what PCA of the rows gives
 * (Li et al. 2018, §7). Pure code.
 */
import { Rng } from '../data/prng';
import { dot, norm, symmetricEigen } from './vectors';

export interface PrincipalDirections {
  /** Unit vectors, orthogonal, by descending variance; each with its largest |coordinate| positive. */
  directions: Float64Array[];
  /** The eigenvalues of X̃ᵀX̃ along them (sums of squared centred projections). */
  values: number[];
  iterations: number;
}

const TOLERANCE = 1e-10;
const MAX_ITERATIONS = 1000;

/**
 * M v for every v of the block, M = X̃ᵀX̃ for the rows minus their mean: one pass over the rows for the
 * whole block (each row read twice per iteration, not twice per vector).
 */
function applyCovariance(rows: readonly Float64Array[], mean: Float64Array, block: Float64Array[]): Float64Array[] {
  const D = mean.length;
  const b = block.length;
  const out = block.map(() => new Float64Array(D));
  const mv = block.map((v) => dot(mean, v));
  const sums = new Float64Array(b);
  const a = new Float64Array(b);
  for (const row of rows) {
    for (let j = 0; j < b; j++) {
      a[j] = dot(row, block[j]!) - mv[j]!;
      sums[j]! += a[j]!;
    }
    for (let j = 0; j < b; j++) {
      const aj = a[j]!;
      const o = out[j]!;
      for (let d = 0; d < D; d++) o[d]! += aj * row[d]!;
    }
  }
  out.forEach((o, j) => {
    for (let d = 0; d < D; d++) o[d]! -= sums[j]! * mean[d]!;
  });
  return out;
}

/** Orthonormalizes the block in place (twice-repeated Gram–Schmidt); a column that vanishes is redrawn. */
function orthonormalize(block: Float64Array[], rng: Rng): void {
  for (let i = 0; i < block.length; i++) {
    for (let attempt = 0; ; attempt++) {
      const v = block[i]!;
      const before = norm(v);
      for (let pass = 0; pass < 2; pass++)
        for (let j = 0; j < i; j++) {
          const c = dot(block[j]!, v);
          for (let d = 0; d < v.length; d++) v[d]! -= c * block[j]![d]!;
        }
      const after = norm(v);
      if (after > 1e-10 * before && after > 0) {
        for (let d = 0; d < v.length; d++) v[d]! /= after;
        break;
      }
      if (attempt > 8) throw new Error('principal directions: cannot complete an orthonormal block');
      for (let d = 0; d < v.length; d++) v[d] = rng.normal();
    }
  }
}

/**
 * The top `k` principal directions of `rows` (each of length D). When the centred rows span fewer
 * than k directions, the missing ones are unit vectors orthogonal to the others with value 0.
 */
export function principalDirections(rows: readonly Float64Array[], D: number, k = 2, seed = 1): PrincipalDirections {
  if (k > D) throw new RangeError(`principal directions: ${k} directions in ${D} dimensions`);
  const mean = new Float64Array(D);
  for (const row of rows) for (let d = 0; d < D; d++) mean[d]! += row[d]!;
  if (rows.length > 0) for (let d = 0; d < D; d++) mean[d]! /= rows.length;
  const rng = new Rng(seed);
  const b = Math.min(D, k + 4);
  let block: Float64Array[] = Array.from({ length: b }, () => Float64Array.from({ length: D }, () => rng.normal()));
  orthonormalize(block, rng);
  let ritz: Float64Array[] = [];
  let values: number[] = [];
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    const images = applyCovariance(rows, mean, block);
    const small = block.map((v) => images.map((w) => dot(v, w)));
    for (let i = 0; i < b; i++)
      for (let j = 0; j < i; j++) small[i]![j] = small[j]![i] = (small[i]![j]! + small[j]![i]!) / 2;
    const eig = symmetricEigen(small);
    const combine = (basis: Float64Array[], coefficients: number[]): Float64Array => {
      const out = new Float64Array(D);
      coefficients.forEach((c, j) => {
        for (let d = 0; d < D; d++) out[d]! += c * basis[j]![d]!;
      });
      return out;
    };
    ritz = eig.vectors.map((q) => combine(block, q));
    const ritzImages = eig.vectors.map((q) => combine(images, q));
    values = eig.values;
    const scale = Math.max(values[0]!, 0);
    let converged = true;
    for (let i = 0; i < k; i++) {
      const r = ritzImages[i]!.map((x, d) => x - values[i]! * ritz[i]![d]!);
      if (norm(r) > Math.max(TOLERANCE * values[i]!, 1e-3 * TOLERANCE * scale)) converged = false;
    }
    if (converged || scale === 0) break;
    block = ritzImages;
    orthonormalize(block, rng);
  }
  const directions = ritz.slice(0, k).map((u) => {
    let big = 0;
    for (let d = 0; d < D; d++) if (Math.abs(u[d]!) > Math.abs(big)) big = u[d]!;
    if (big < 0) for (let d = 0; d < D; d++) u[d] = -u[d]!;
    return u;
  });
  return { directions, values: values.slice(0, k).map((v) => Math.max(v, 0)), iterations };
}
