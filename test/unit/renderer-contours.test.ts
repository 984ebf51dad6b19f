/** Marching squares and default contour levels, checked against level sets known in closed form. */
import { describe, expect, it } from 'vitest';
import { contourSegments, defaultLevels } from '../../src-renderer/src/scene/contours';

function grid(G: number, f: (i: number, j: number) => number): Float32Array {
  const values = new Float32Array(G * G);
  for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) values[j * G + i] = f(i, j);
  return values;
}

function points(segments: Float32Array): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < segments.length; k += 2) out.push([segments[k]!, segments[k + 1]!]);
  return out;
}

describe('contourSegments', () => {
  const G = 41;
  const c = 20;
  const paraboloid = grid(G, (i, j) => (i - c) ** 2 + (j - c) ** 2);

  it('puts every point of a paraboloid’s contour on its circle', () => {
    for (const r of [3.3, 7, 12.5]) {
      const [segments] = contourSegments(paraboloid, G, [r * r]);
      expect(segments!.length % 4).toBe(0);
      const pts = points(segments!);
      // A circle of radius r crosses about 4·(2r) grid edges.
      expect(pts.length).toBeGreaterThan(8 * r);
      for (const [x, y] of pts) {
        // Linear interpolation of a quadratic along one edge errs by at most 1/(8r) grid units.
        expect(Math.abs(Math.hypot(x - c, y - c) - r)).toBeLessThan(1 / (8 * r) + 1e-4);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(G - 1);
      }
    }
  });

  it('draws a closed curve of the circle’s length', () => {
    // (A radius whose level set passes through no grid point: no degenerate crossings.)
    const r = 10.5;
    const [segments] = contourSegments(paraboloid, G, [r * r]);
    const s = segments!;
    let length = 0;
    const seen = new Map<string, number>();
    for (let k = 0; k < s.length; k += 4) {
      length += Math.hypot(s[k + 2]! - s[k]!, s[k + 3]! - s[k + 1]!);
      for (const key of [`${s[k]},${s[k + 1]}`, `${s[k + 2]},${s[k + 3]}`]) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    // An inscribed polygon is a little shorter than the circle.
    expect(length).toBeLessThan(2 * Math.PI * r);
    expect(length).toBeGreaterThan(0.99 * 2 * Math.PI * r);
    // Closed: each vertex is shared by exactly two segments.
    for (const count of seen.values()) expect(count).toBe(2);
  });

  it('is exact on a linear field', () => {
    const G2 = 9;
    const plane = grid(G2, (i, j) => 0.5 * i + 2 * j);
    const levels = [0.25, 3.7, 9.1];
    const out = contourSegments(plane, G2, levels);
    expect(out).toHaveLength(3);
    out.forEach((segments, k) => {
      expect(segments.length).toBeGreaterThan(0);
      for (const [x, y] of points(segments)) expect(0.5 * x + 2 * y).toBeCloseTo(levels[k]!, 5);
    });
  });

  it('returns nothing for a level outside the field', () => {
    const [below, above] = contourSegments(paraboloid, G, [-1, 1e6]);
    expect(below).toHaveLength(0);
    expect(above).toHaveLength(0);
  });

  it('splits a saddle cell by the center value', () => {
    // One cell, opposite corners high: a = (0,0), b = (1,0), c = (1,1), d = (0,1).
    const values = new Float32Array([1, 0, 0, 1]); // row j=0: a=1, b=0; row j=1: d=0, c=1
    const [segs] = contourSegments(values, 2, [0.5]);
    // Two segments, each cutting off one high corner; all four edge midpoints are crossings.
    expect(points(segs!).sort()).toEqual(
      [
        [0, 0.5],
        [0.5, 0],
        [1, 0.5],
        [0.5, 1],
      ].sort(),
    );
    expect(segs!.length).toBe(8);
  });
});

describe('defaultLevels', () => {
  it('spaces the levels of a positive loss logarithmically above the minimum', () => {
    const levels = defaultLevels(0, 100, 14);
    expect(levels).toHaveLength(14);
    const d = 100 * 1e-4;
    const ratio = ((100 + d) / d) ** (1 / 15);
    for (let k = 0; k < 14; k++) {
      expect(levels[k]! + d).toBeCloseTo(d * ratio ** (k + 1), 8);
      expect(levels[k]).toBeGreaterThan(0);
      expect(levels[k]).toBeLessThan(100);
    }
  });

  it('spaces the levels evenly when the loss goes negative', () => {
    expect(defaultLevels(-2, 2, 3)).toEqual([-1, 0, 1]);
  });

  it('has none for an empty range', () => {
    expect(defaultLevels(1, 1)).toEqual([]);
    expect(defaultLevels(2, 1)).toEqual([]);
    expect(defaultLevels(Number.NaN, 1)).toEqual([]);
  });
});
