/**
 * The symmetric eigensolver (Householder + QL) against closed forms: the second-difference matrix
 * tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2 cos(kπ/(n + 1)) with eigenvectors
 * sin(jkπ/(n + 1)); a dense Q diag(μ) Qᵀ built from a Householder reflection Q = I − 2wwᵀ/‖w‖² has μ.
 */
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../shared/theory/eigen';

describe('symmetricEigen', () => {
  it('tridiag(−1, 2, −1): eigenvalues 2 − 2cos(kπ/(n+1)), eigenvectors ∝ sin(jkπ/(n+1))', () => {
    const n = 40;
    const A = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
    );
    const { values, vectors } = symmetricEigen(A);
    for (let k = 1; k <= n; k++) {
      expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
      const s = Array.from({ length: n }, (_, j) => Math.sin(((j + 1) * k * Math.PI) / (n + 1)));
      const ns = Math.hypot(...s);
      const dot = vectors[k - 1]!.reduce((acc, v, j) => acc + (v * s[j]!) / ns, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 12);
    }
  });

  it('a dense Q diag(μ) Qᵀ (Q a reflection) gives μ sorted, with repeated and negative values', () => {
    const mu = [3, -1, 0.5, 3, 0, 7, -2.5, 0.5];
    const n = mu.length;
    const w = mu.map((_, i) => Math.sin(i + 1) + 0.3);
    const ww = w.reduce((s, v) => s + v * v, 0);
    const Q = w.map((wi, i) => w.map((wj, j) => (i === j ? 1 : 0) - (2 * wi * wj) / ww));
    const A = Q.map((_, i) => Q.map((_, j) => mu.reduce((s, m, k) => s + Q[i]![k]! * m * Q[j]![k]!, 0)));
    const { values, vectors } = symmetricEigen(A);
    expect(Array.from(values)).toEqual([...mu].sort((a, b) => a - b).map((v) => expect.closeTo(v, 13)));
    for (let i = 0; i < n; i++)
      for (let r = 0; r < n; r++) {
        const Av = A[r]!.reduce((s, v, c) => s + v * vectors[i]![c]!, 0);
        expect(Av).toBeCloseTo(values[i]! * vectors[i]![r]!, 13);
      }
  });

  it('an empty matrix has no eigenpairs', () => {
    expect(symmetricEigen([]).vectors).toEqual([]);
  });
});
