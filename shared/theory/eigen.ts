/**
 * All eigenpairs of a real symmetric matrix A = Zᵀ Λ Z in float64 (for the stationary theory of a
 * network, D up to 2,000): Householder reduction to tridiagonal form, then the implicit QL method with
 * Wilkinson shifts on the tridiagonal matrix, accumulating the rotations (EISPACK tred2/tql2, as in
 * JAMA). O(D³): D = 2,000 takes tens of seconds. Rows of `vectors` are the unit eigenvectors.
 */

/** Eigenvalues in ascending order; `vectors[i]` the unit eigenvector of `values[i]`. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array[];
}

/**
 * Householder tridiagonalization A = V T Vᵀ: d the diagonal of T, e its subdiagonal (e[i] = T[i][i−1]).
 * It works on W = Vᵀ (A is symmetric, so W starts as A), which makes every inner loop run along a row.
 */
function tridiagonalize(W: Float64Array[], d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let j = 0; j < n; j++) d[j] = W[j]![n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = W[j]![i - 1]!;
        W[j]![i] = 0;
        W[i]![j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        W[i]![j] = f;
        g = e[j]! + W[j]![j]! * f;
        for (let k = j + 1; k < i; k++) {
          g += W[j]![k]! * d[k]!;
          e[k]! += W[j]![k]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k < i; k++) W[j]![k]! -= f * e[k]! + g * d[k]!;
        d[j] = W[j]![i - 1]!;
        W[j]![i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    W[i]![n - 1] = W[i]![i]!;
    W[i]![i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[i + 1]![k]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[i + 1]![k]! * W[j]![k]!;
        for (let k = 0; k <= i; k++) W[j]![k]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) W[i + 1]![k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j]![n - 1]!;
    W[j]![n - 1] = 0;
  }
  W[n - 1]![n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e); the rotations applied to the rows of Z (Z = Vᵀ). */
function ql(Z: Float64Array[], d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; iter < 60 && Math.abs(e[l]!) > eps * tst1; iter++) {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const zi = Z[i]!;
          const zj = Z[i + 1]!;
          for (let k = 0; k < n; k++) {
            const t = zj[k]!;
            zj[k] = s * zi[k]! + c * t;
            zi[k] = c * zi[k]! - s * t;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      }
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** The eigenpairs of the symmetric n×n matrix `a` (rows; only its values are read, it is not changed). */
export function symmetricEigen(a: readonly ArrayLike<number>[]): SymmetricEigen {
  const n = a.length;
  const Z = Array.from({ length: n }, (_, i) => Float64Array.from(a[i]!));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: [] };
  tridiagonalize(Z, d, e);
  ql(Z, d, e);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
  return { values: Float64Array.from(order, (i) => d[i]!), vectors: order.map((i) => Z[i]!) };
}
