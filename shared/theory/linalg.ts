/**
 * Small dense linear algebra in float64 for the stationary theory (D ≤ a few, systems of D² unknowns):
 * matrices are arrays of rows.
 */

/** A dense matrix, row-major: `m[i][j]`. */
export type Matrix = number[][];

export function zeros(rows: number, cols = rows): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  const m = zeros(n);
  for (let i = 0; i < n; i++) m[i]![i] = 1;
  return m;
}

export function transpose(a: Matrix): Matrix {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0]!.length;
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => a[i]![j]!));
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const k = b.length;
  const m = k === 0 ? 0 : b[0]!.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < k; l++) {
      const ail = a[i]![l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i]![j]! += ail * b[l]![j]!;
    }
  return out;
}

export function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
}

export function scale(a: Matrix, s: number): Matrix {
  return a.map((row) => row.map((v) => v * s));
}

export function trace(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]![i]!;
  return s;
}

/** (A + Aᵀ)/2: removes the rounding asymmetry of a matrix that is symmetric in exact arithmetic. */
export function symmetrize(a: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => (v + a[j]![i]!) / 2));
}

/** The Kronecker product A ⊗ B. */
export function kron(a: Matrix, b: Matrix): Matrix {
  const [ar, ac, br, bc] = [a.length, a[0]?.length ?? 0, b.length, b[0]?.length ?? 0];
  const out = zeros(ar * br, ac * bc);
  for (let i = 0; i < ar; i++)
    for (let j = 0; j < ac; j++)
      for (let k = 0; k < br; k++) for (let l = 0; l < bc; l++) out[i * br + k]![j * bc + l] = a[i]![j]! * b[k]![l]!;
  return out;
}

/** vec(A): the columns stacked (column-major), so that vec(A X B) = (Bᵀ ⊗ A) vec(X). */
export function vec(a: Matrix): number[] {
  const out: number[] = [];
  const cols = a[0]?.length ?? 0;
  for (let j = 0; j < cols; j++) for (let i = 0; i < a.length; i++) out.push(a[i]![j]!);
  return out;
}

/** The inverse of `vec` for an n×n matrix. */
export function unvec(v: readonly number[], n: number): Matrix {
  const out = zeros(n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i]![j] = v[j * n + i]!;
  return out;
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting. Throws when A is singular (a pivot
 * below `1e-14` of the largest entry), since the theory has no answer there.
 */
export function solve(a: Matrix, b: readonly number[]): number[] {
  const n = a.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  const big = Math.max(1e-300, ...a.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (!(Math.abs(m[pivot]![col]!) > 1e-14 * big)) throw new Error('singular system');
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c]! -= f * p[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let s = row[n]!;
    for (let c = r + 1; c < n; c++) s -= row[c]! * x[c]!;
    x[r] = s / row[r]!;
  }
  return x;
}
