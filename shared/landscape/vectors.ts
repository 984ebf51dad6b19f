/**
 * Float64 vector helpers for the landscape (SPEC §13): dot products and norms over Φ (D up to
 * ~50,000), and the eigen-decomposition of a small symmetric matrix (the Rayleigh–Ritz step of the
 * principal directions). Pure code: no Node, no DOM.
 */

/** x · y over the first x.length coordinates. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** ‖x‖₂. */
export function norm(x: ArrayLike<number>): number {
  return Math.sqrt(dot(x, x));
}

/** y ← y + a·x, in place. */
export function axpy(a: number, x: ArrayLike<number>, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

/** Whether every coordinate is finite (a diverged particle's position is not). */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/**
 * The eigen-decomposition A = Q Λ Qᵀ of a small symmetric n×n matrix (row-major), by cyclic Jacobi
 * rotations: each rotation zeroes one off-diagonal entry a_pq with the angle θ, tan 2θ = 2a_pq/(a_qq − a_pp),
 * until the off-diagonal mass is below 1e-30 of the whole. Returns the eigenvalues in descending order
 * and the eigenvectors as the matching columns of Q (`vectors[i]` is the i-th eigenvector).
 */
export function symmetricEigen(a: readonly number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const q: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const total = m.reduce((s, row) => s + row.reduce((t, v) => t + v * v, 0), 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let r = p + 1; r < n; r++) off += 2 * m[p]![r]! ** 2;
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++)
      for (let r = p + 1; r < n; r++) {
        const apr = m[p]![r]!;
        if (apr === 0) continue;
        const theta = (m[r]![r]! - m[p]![p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkr = m[k]![r]!;
          m[k]![p] = c * mkp - s * mkr;
          m[k]![r] = s * mkp + c * mkr;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mrk = m[r]![k]!;
          m[p]![k] = c * mpk - s * mrk;
          m[r]![k] = s * mpk + c * mrk;
        }
        for (let k = 0; k < n; k++) {
          const qkp = q[k]![p]!;
          const qkr = q[k]![r]!;
          q[k]![p] = c * qkp - s * qkr;
          q[k]![r] = s * qkp + c * qkr;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j]![j]! - m[i]![i]!);
  return { values: order.map((i) => m[i]![i]!), vectors: order.map((i) => q.map((row) => row[i]!)) };
}
