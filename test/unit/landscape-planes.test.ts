/**
 * The planes of `sgd-lab landscape` (SPEC §13) against references written here: PCA against the
 * eigenvectors of the D×D covariance (small D) or of the T×T Gram matrix (large D), found by this
 * file's own power iteration with deflation; filter normalization per unit; least-squares projections;
 * the three-point plane.
 */
import { describe, expect, it } from 'vitest';
import { principalDirections } from '../../shared/landscape/pca';
import { filterNormalize, pcaPlane, pointsPlane, randomPlane } from '../../shared/landscape/planes';
import { Projector } from '../../shared/landscape/project';
import type { RecordedPath } from '../../shared/landscape/types';

/** A small deterministic generator for the fixtures (LCG + Box–Muller), independent of the code's. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const dotp = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Top-k eigenvectors of a symmetric matrix given as v ↦ A v, by power iteration with deflation. */
function topEigen(apply: (v: number[]) => number[], n: number, k: number): { vectors: number[][]; values: number[] } {
  const vectors: number[][] = [];
  const values: number[] = [];
  const g = gaussian(99);
  for (let e = 0; e < k; e++) {
    let v = Array.from({ length: n }, () => g());
    let lambda = 0;
    for (let it = 0; it < 20000; it++) {
      for (const u of vectors) {
        const c = dotp(u, v);
        v = v.map((x, i) => x - c * u[i]!);
      }
      const w = apply(v);
      const nw = Math.sqrt(dotp(w, w));
      const next = w.map((x) => x / nw);
      const delta = Math.min(
        Math.hypot(...next.map((x, i) => x - v[i]! / Math.sqrt(dotp(v, v)))),
        Math.hypot(...next.map((x, i) => x + v[i]! / Math.sqrt(dotp(v, v)))),
      );
      v = next;
      lambda = nw;
      if (delta < 1e-14) break;
    }
    vectors.push(v);
    values.push(lambda);
  }
  return { vectors, values };
}

/** Points along an anisotropic random walk in ℝᴰ (a path-like cloud with distinct variances). */
function walk(D: number, T: number, seed: number): Float64Array[] {
  const g = gaussian(seed);
  const scales = Array.from({ length: D }, (_, d) => 3 / (d + 1));
  const rows: Float64Array[] = [];
  let x = Float64Array.from({ length: D }, () => g());
  for (let t = 0; t < T; t++) {
    x = x.map((v, d) => v + scales[d]! * g() + 0.2 / (d + 1));
    rows.push(Float64Array.from(x));
  }
  return rows;
}

describe('principal directions', () => {
  it('match the top eigenvectors of the 5×5 covariance of the centred rows', () => {
    const D = 5;
    const rows = walk(D, 40, 1);
    const mean = Array.from({ length: D }, (_, d) => rows.reduce((s, r) => s + r[d]!, 0) / rows.length);
    const cov = Array.from({ length: D }, (_, a) =>
      Array.from({ length: D }, (_, b) => rows.reduce((s, r) => s + (r[a]! - mean[a]!) * (r[b]! - mean[b]!), 0)),
    );
    const ref = topEigen((v) => cov.map((row) => dotp(row, v)), D, 2);
    const got = principalDirections(rows, D, 2);
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(dotp(got.directions[i]!, ref.vectors[i]!))).toBeCloseTo(1, 10);
      expect(got.values[i]! / ref.values[i]!).toBeCloseTo(1, 10);
      expect(dotp(got.directions[i]!, got.directions[i]!)).toBeCloseTo(1, 12);
    }
    expect(dotp(got.directions[0]!, got.directions[1]!)).toBeCloseTo(0, 12);
  });

  it('match the T×T Gram matrix route for D = 3,000 (no D×D matrix)', () => {
    const D = 3000;
    const T = 30;
    const rows = walk(D, T, 2);
    const mean = Array.from({ length: D }, (_, d) => rows.reduce((s, r) => s + r[d]!, 0) / T);
    const centred = rows.map((r) => r.map((x, d) => x - mean[d]!));
    const gram = centred.map((a) => centred.map((b) => dotp(a, b)));
    const ref = topEigen((v) => gram.map((row) => dotp(row, v)), T, 2);
    const got = principalDirections(rows, D, 2);
    for (let i = 0; i < 2; i++) {
      // Right singular vector u = X̃ᵀ w / ‖X̃ᵀ w‖ for the Gram eigenvector w.
      const u = new Float64Array(D);
      ref.vectors[i]!.forEach((w, t) => centred[t]!.forEach((x, d) => (u[d]! += w * x)));
      const nu = Math.sqrt(dotp(u, u));
      expect(Math.abs(dotp(got.directions[i]!, u) / nu)).toBeCloseTo(1, 9);
      expect(got.values[i]! / ref.values[i]!).toBeCloseTo(1, 9);
    }
  });

  it('complete a path that spans one direction with an orthogonal unit vector', () => {
    const rows = [0, 1, 2, 3].map((s) => Float64Array.from([s, 2 * s, 0, -s]));
    const got = principalDirections(rows, 4, 2);
    const line = [1, 2, 0, -1].map((x) => x / Math.sqrt(6));
    expect(Math.abs(dotp(got.directions[0]!, line))).toBeCloseTo(1, 12);
    expect(dotp(got.directions[0]!, got.directions[1]!)).toBeCloseTo(0, 12);
    expect(dotp(got.directions[1]!, got.directions[1]!)).toBeCloseTo(1, 12);
    expect(got.values[1]!).toBeCloseTo(0, 10);
  });
});

const path = (name: string, points: Float64Array[]): RecordedPath => ({
  name,
  t: points.map((_, k) => 10 * k),
  points,
  final: points[points.length - 1]!,
});

describe('planes', () => {
  it('pca: centred on run 0’s last point, spanning the paths’ top two principal directions', () => {
    const D = 5;
    const a = walk(D, 25, 3);
    const b = walk(D, 25, 4);
    const { plane, alphaRange, betaRange } = pcaPlane([path('a', a), path('b', b)], D);
    expect(Array.from(plane.center)).toEqual(Array.from(a[24]!));
    const all = [...a, ...b];
    const mean = Array.from({ length: D }, (_, d) => all.reduce((s, r) => s + r[d]!, 0) / all.length);
    const cov = Array.from({ length: D }, (_, i) =>
      Array.from({ length: D }, (_, j) => all.reduce((s, r) => s + (r[i]! - mean[i]!) * (r[j]! - mean[j]!), 0)),
    );
    const ref = topEigen((v) => cov.map((row) => dotp(row, v)), D, 2);
    expect(Math.abs(dotp(plane.d1, ref.vectors[0]!))).toBeCloseTo(1, 10);
    expect(Math.abs(dotp(plane.d2, ref.vectors[1]!))).toBeCloseTo(1, 10);
    // α, β span every projection with 10 % of the width on each side.
    const projector = new Projector(plane);
    const al = all.map((p) => projector.project(p).alpha);
    const be = all.map((p) => projector.project(p).beta);
    const [lo, hi] = [Math.min(...al), Math.max(...al)];
    expect(alphaRange[0]).toBeCloseTo(lo - 0.1 * (hi - lo), 12);
    expect(alphaRange[1]).toBeCloseTo(hi + 0.1 * (hi - lo), 12);
    expect(betaRange[1] - betaRange[0]).toBeCloseTo(1.2 * (Math.max(...be) - Math.min(...be)), 12);
  });

  it('random: filter normalization is exact (each unit’s incoming weights at the center’s norm, biases 0)', () => {
    const layers = [
      { fanIn: 3, fanOut: 4 },
      { fanIn: 4, fanOut: 2 },
    ];
    const D = 4 * 4 + 5 * 2;
    const g = gaussian(5);
    const center = Float64Array.from({ length: D }, () => g());
    const { plane, alphaRange } = randomPlane([path('a', [center])], D, { seed: 7, span: 0.5, layers });
    expect(alphaRange).toEqual([-0.5, 0.5]);
    let base = 0;
    for (const { fanIn, fanOut } of layers) {
      for (let k = 0; k < fanOut; k++) {
        const column = (v: Float64Array) => Array.from({ length: fanIn }, (_, j) => v[base + j * fanOut + k]!);
        const cn = Math.hypot(...column(center));
        expect(Math.hypot(...column(plane.d1)) / cn).toBeCloseTo(1, 14);
        expect(Math.hypot(...column(plane.d2)) / cn).toBeCloseTo(1, 14);
      }
      for (let k = 0; k < fanOut; k++) {
        expect(plane.d1[base + fanIn * fanOut + k]).toBe(0);
        expect(plane.d2[base + fanIn * fanOut + k]).toBe(0);
      }
      base += (fanIn + 1) * fanOut;
    }
    // Not a rescaled copy of the center: the direction's own signs survive.
    expect(Math.abs(dotp(plane.d1, center)) / (Math.hypot(...plane.d1) * Math.hypot(...center))).toBeLessThan(0.9);
    const again = randomPlane([path('a', [center])], D, { seed: 7, span: 0.5, layers }).plane;
    expect(Array.from(again.d2)).toEqual(Array.from(plane.d2));
  });

  it('filterNormalize without layers rescales the whole direction to the center’s norm', () => {
    const d = Float64Array.from([3, 4, 0]);
    filterNormalize(d, Float64Array.from([0, 0, 10]));
    expect(Array.from(d)).toEqual([6, 8, 0]);
  });

  it('projections are least squares: the residual is orthogonal to d1 and d2, offPlane its length', () => {
    const g = gaussian(11);
    const D = 7;
    const v = () => Float64Array.from({ length: D }, () => g());
    const d1 = v();
    const d2 = d1.map((x) => 0.6 * x + g()); // far from orthogonal
    const plane = { kind: 'random' as const, center: v(), d1, d2 };
    const projector = new Projector(plane);
    for (let trial = 0; trial < 5; trial++) {
      const phi = v();
      const { alpha, beta, offPlane } = projector.project(phi);
      const r = phi.map((x, d) => x - plane.center[d]! - alpha * d1[d]! - beta * d2[d]!);
      const scale = Math.hypot(...phi) * Math.hypot(...d1);
      expect(Math.abs(dotp(r, d1))).toBeLessThan(1e-12 * scale);
      expect(Math.abs(dotp(r, d2))).toBeLessThan(1e-12 * scale);
      expect(offPlane).toBeCloseTo(Math.hypot(...r), 12);
    }
    // A point of the plane projects to its own (α, β) at distance 0.
    const p = projector.project(projector.point(0.3, -1.7));
    expect(p.alpha).toBeCloseTo(0.3, 12);
    expect(p.beta).toBeCloseTo(-1.7, 12);
    expect(p.offPlane).toBeLessThan(1e-12);
  });

  it('points: the plane through run 0’s start and both finals holds all three (offPlane 0)', () => {
    const s = Float64Array.from([1, 0, 2, -1]);
    const f0 = Float64Array.from([2, 1, 0, 0]);
    const f1 = Float64Array.from([0, 3, 1, 1]);
    const { plane, alphaRange, betaRange } = pointsPlane([
      path('a', [s, Float64Array.from([1.5, 0.5, 1, -0.5]), f0]),
      path('b', [s, f1]),
    ]);
    const projector = new Projector(plane);
    const n1 = Math.hypot(...plane.d1);
    expect(Math.hypot(...plane.d2)).toBeCloseTo(n1, 12);
    expect(dotp(plane.d1, plane.d2)).toBeCloseTo(0, 12);
    const ps = [s, f0, f1].map((p) => projector.project(p));
    for (const p of ps) expect(p.offPlane).toBeLessThan(1e-12);
    expect([ps[0]!.alpha, ps[0]!.beta, ps[1]!.alpha, ps[1]!.beta].map((x) => Math.round(x * 1e12) / 1e12)).toEqual([
      0, 0, 1, 0,
    ]);
    // f1 − s = (−1, 3, −1, 2); d1 = (1, 1, −2, 1): α = (−1 + 3 + 2 + 2)/7 = 6/7, β = ‖f1 − s − α d1‖/‖d1‖.
    expect(ps[2]!.alpha).toBeCloseTo(6 / 7, 12);
    const perp = [-1, 3, -1, 2].map((x, d) => x - (6 / 7) * [1, 1, -2, 1][d]!);
    expect(ps[2]!.beta).toBeCloseTo(Math.hypot(...perp) / Math.sqrt(7), 12);
    const al = [0, 1, 6 / 7];
    expect(alphaRange[0]).toBeCloseTo(-0.1, 12);
    expect(alphaRange[1]).toBeCloseTo(1.1, 12);
    const b = ps[2]!.beta;
    expect(betaRange[0]).toBeCloseTo(-0.1 * b, 12);
    expect(betaRange[1]).toBeCloseTo(1.1 * b, 12);
    expect(al.length).toBe(3);
  });
});
