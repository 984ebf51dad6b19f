/**
 * The landscape's grid (SPEC §13): loss[i][j] = L(center + alpha[j]·d1 + beta[i]·d2) with this file's
 * own loss; coarse-to-fine levels that cover every point once; a computation that stops between
 * chunks; the paths' projections and true losses in `computeLandscape`.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateGrid,
  evaluateLevel,
  evaluatePoints,
  gridLevels,
  levelPoints,
  linspace,
} from '../../shared/landscape/grid';
import { computeLandscape } from '../../shared/landscape/landscape';
import type { FullLoss, RecordedPath } from '../../shared/landscape/types';

const D = 5;
/** L(φ) = Σ_d (d + 1)(φ_d − 0.1 d)² + φ₀ φ₁ sin φ₂; the test loss shifts the minimum by 0.5. */
const L = (phi: ArrayLike<number>, shift = 0): number => {
  let s = 0;
  for (let d = 0; d < D; d++) s += (d + 1) * (phi[d]! - 0.1 * d - shift) ** 2;
  return s + phi[0]! * phi[1]! * Math.sin(phi[2]!);
};
const quadratic: FullLoss = { D, loss: (phi) => L(phi), testLoss: (phi) => L(phi, 0.5) };

const plane = {
  kind: 'random' as const,
  center: Float64Array.from([0.3, -0.2, 0.5, 1, 0]),
  d1: Float64Array.from([1, 0, 0.5, 0, -1]),
  d2: Float64Array.from([0, 1, 0, 2, 0.5]),
};

describe('grid', () => {
  it('linspace: G evenly spaced values from lo to hi, both ends exact', () => {
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(linspace(0.1, 0.7, 7).at(-1)).toBe(0.7);
  });

  it('levels are nested, coarse first, and together compute every point exactly once', () => {
    for (const G of [2, 3, 5, 51, 64, 401]) {
      const levels = gridLevels(G);
      expect(levels[0]!.length).toBe(Math.min(G, 3));
      expect(levels.at(-1)).toEqual(Array.from({ length: G }, (_, i) => i));
      for (let l = 1; l < levels.length; l++) for (const i of levels[l - 1]!) expect(levels[l]).toContain(i);
      const seen = new Int32Array(G * G);
      levels.forEach((_, l) => levelPoints(levels, l, G).forEach((p) => seen[p]!++));
      expect(seen.every((n) => n === 1)).toBe(true);
    }
    expect(gridLevels(51)[0]).toEqual([0, 25, 50]);
  });

  it('loss[i][j] is L(center + alpha[j]·d1 + beta[i]·d2), training and test', () => {
    const G = 9;
    const job = { plane, alpha: linspace(-2, 1, G), beta: linspace(-0.5, 1.5, G) };
    for (const test of [false, true]) {
      const values = evaluateGrid(job, quadratic, test);
      for (let i = 0; i < G; i++)
        for (let j = 0; j < G; j++) {
          const phi = plane.center.map((c, d) => c + job.alpha[j]! * plane.d1[d]! + job.beta[i]! * plane.d2[d]!);
          expect(values[i * G + j]).toBeCloseTo(L(phi, test ? 0.5 : 0), 12);
        }
    }
  });

  it('a loss that evaluates many points at once gives the same grid', () => {
    const G = 7;
    const job = { plane, alpha: linspace(-1, 1, G), beta: linspace(-1, 1, G) };
    let calls = 0;
    const many: FullLoss = {
      D,
      loss: () => NaN,
      lossMany: (phis, count, test) => {
        calls++;
        return Float64Array.from({ length: count }, (_, p) => L(phis.subarray(p * D, (p + 1) * D), test ? 0.5 : 0));
      },
    };
    const values = evaluateGrid(job, many);
    const reference = evaluateGrid(job, quadratic);
    expect(Array.from(values)).toEqual(Array.from(reference));
    expect(calls).toBeGreaterThanOrEqual(gridLevels(G).length);
  });

  it('the first level alone gives the coarse 3 × 3 grid exactly, the rest not yet computed', () => {
    const G = 11;
    const job = { plane, alpha: linspace(-1, 1, G), beta: linspace(-1, 1, G) };
    const values = new Float64Array(G * G).fill(NaN);
    const levels = gridLevels(G);
    for (const _ of evaluateLevel(job, quadratic, levels, 0, values));
    const done = [...values.keys()].filter((k) => Number.isFinite(values[k]));
    expect(done).toEqual([0, 5, 10, 55, 60, 65, 110, 115, 120]);
    for (const k of done) {
      const [i, j] = [Math.floor(k / G), k % G];
      const phi = plane.center.map((c, d) => c + job.alpha[j]! * plane.d1[d]! + job.beta[i]! * plane.d2[d]!);
      expect(values[k]).toBeCloseTo(L(phi), 12);
    }
  });

  it('stops between chunks when the caller stops (cancel): the rest stays NaN', () => {
    const G = 21;
    const job = { plane, alpha: linspace(-1, 1, G), beta: linspace(-1, 1, G) };
    const values = new Float64Array(G * G).fill(NaN);
    const levels = gridLevels(G);
    const last = levelPoints(levels, levels.length - 1, G);
    const progress: number[] = [];
    for (const done of evaluatePoints(job, quadratic, last, values, false, 16)) {
      progress.push(done);
      if (done >= 32) break;
    }
    expect(progress).toEqual([16, 32]);
    expect(Array.from(values).filter(Number.isFinite).length).toBe(32);
  });
});

describe('computeLandscape', () => {
  it('writes the plane, the grid and each run’s projection with its true loss', async () => {
    const pts = (rows: number[][]) => rows.map((r) => Float64Array.from(r));
    const a = pts([
      [1, 1, 1, 1, 1],
      [0.5, 0.8, 0.9, 0.5, 0.2],
      [0.1, 0.3, 0.2, 0.3, 0.4],
    ]);
    const b = pts([
      [1, 1, 1, 1, 1],
      [1.2, 0.5, 0.7, 0.6, 0.1],
      [NaN, 0, 0, 0, 0],
    ]);
    const paths: RecordedPath[] = [
      { name: 'A', t: [0, 5, 10], points: a, final: a[2]! },
      { name: 'B', t: [0, 5, 10], points: b, final: b[1]! },
    ];
    const out = await computeLandscape(paths, quadratic, { plane: 'points', grid: 5 });
    expect(out.format).toBe('sgd-lab/landscape');
    expect(out.plane.center).toEqual([1, 1, 1, 1, 1]);
    expect(out.alpha.length).toBe(5);
    expect(out.loss.length).toBe(5);
    const { center, d1, d2 } = out.plane;
    expect(out.loss[3]![1]).toBeCloseTo(
      L(center.map((c, d) => c + out.alpha[1]! * d1[d]! + out.beta[3]! * d2[d]!)),
      12,
    );
    expect(out.testLoss![0]![4]).toBeCloseTo(
      L(
        center.map((c, d) => c + out.alpha[4]! * d1[d]! + out.beta[0]! * d2[d]!),
        0.5,
      ),
      12,
    );
    expect(out.runs.map((r) => r.name)).toEqual(['A', 'B']);
    expect(out.runs[0]!.loss).toEqual(a.map((p) => L(p)));
    expect(out.runs[0]!.alpha[2]).toBeCloseTo(1, 12);
    expect(out.runs[0]!.offPlane[2]).toBeLessThan(1e-12);
    expect(out.runs[1]!.offPlane[1]).toBeLessThan(1e-12); // run 1's final is on the plane
    expect(out.runs[0]!.offPlane[1]).toBeGreaterThan(0.01); // a point between is not
    expect(Number.isNaN(out.runs[1]!.alpha[2])).toBe(true); // diverged: written null in JSON
    expect(JSON.parse(JSON.stringify(out)).runs[1].loss[2]).toBeNull();
  });
});
