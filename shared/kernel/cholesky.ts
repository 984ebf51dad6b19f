/** The Cholesky factor of a small covariance matrix, in float64. */

/** Lower-triangular L with L Lᵀ = Σ (positive semi-definite: zero pivots give zero columns). */
export function cholesky(m: number[][]): number[][] {
  const n = m.length;
  const L = m.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = m[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[j]![k]! ** 2;
    const pivot = d > 0 ? Math.sqrt(d) : 0;
    L[j]![j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let s = m[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = pivot > 0 ? s / pivot : 0;
    }
  }
  return L;
}
