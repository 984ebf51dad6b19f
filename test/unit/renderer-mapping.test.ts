/** The scene's mapping from parameters and loss to coordinates and heights. */
import { describe, expect, it } from 'vitest';
import type { Surface } from '../../shared/contract/lab';
import { HEIGHT_1D, HEIGHT_2D, SurfaceMap, suggestLogScale } from '../../src-renderer/src/scene/mapping';

/** A surface sampled from f on a G×G grid (or G points in 1D), row-major with y outer. */
function surface(domain: [number, number][], G: number, f: (x: number, y: number) => number): Surface {
  const dims = domain.length;
  const at = (axis: number, k: number) => domain[axis]![0] + ((domain[axis]![1] - domain[axis]![0]) * k) / (G - 1);
  const values = new Float32Array(dims === 1 ? G : G * G);
  if (dims === 1) for (let i = 0; i < G; i++) values[i] = f(at(0, i), 0);
  else for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) values[j * G + i] = f(at(0, i), at(1, j));
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { resolution: G, domain, values, min, max, levels: [] };
}

describe('SurfaceMap.world', () => {
  const map = new SurfaceMap(
    surface(
      [
        [-2, 2],
        [-1, 3],
      ],
      5,
      (x, y) => x + y,
    ),
    false,
  );

  it('sends each axis’s domain onto [-1, 1]', () => {
    expect(map.world(-2, 0)).toBe(-1);
    expect(map.world(2, 0)).toBe(1);
    expect(map.world(0, 0)).toBe(0);
    expect(map.world(-1, 1)).toBe(-1);
    expect(map.world(3, 1)).toBe(1);
    // An axis the domain does not have (a late frame of a 2-D run over a new 1-D surface) is centred,
    // not a crash.
    expect(map.world(0.7, 2)).toBe(0);
    expect(Number.isFinite(map.heightAt(0.5, 0.5))).toBe(true);
    expect(map.world(1, 1)).toBe(0);
    expect(map.world(2, 1)).toBeCloseTo(0.5, 12);
  });

  it('round-trips through the inverse affine map', () => {
    const domain = map.domain;
    for (let axis = 0; axis < 2; axis++) {
      const [lo, hi] = domain[axis]!;
      for (const value of [lo, hi, -1.75, 0.3, 2.9, 5, -7]) {
        const w = map.world(value, axis);
        expect(lo + ((w + 1) / 2) * (hi - lo)).toBeCloseTo(value, 12);
      }
    }
  });

  it('uses the 2D and 1D heights', () => {
    expect(map.height).toBe(HEIGHT_2D);
    expect(map.dims).toBe(2);
    const line = new SurfaceMap(
      surface([[0, 1]], 11, (x) => x),
      false,
    );
    expect(line.height).toBe(HEIGHT_1D);
    expect(line.dims).toBe(1);
  });
});

describe('SurfaceMap.norm', () => {
  const s = surface([[0, 1]], 11, (x) => 100 * x); // min 0, max 100

  it('is linear without the log scale', () => {
    const map = new SurfaceMap(s, false);
    expect(map.log).toBe(false);
    expect(map.norm(0)).toBe(0);
    expect(map.norm(25)).toBeCloseTo(0.25, 12);
    expect(map.norm(100)).toBe(1);
  });

  it('is log((loss − min + d)/d) / log((span + d)/d) with d = span·1e-4', () => {
    const map = new SurfaceMap(s, true);
    expect(map.log).toBe(true);
    const d = 0.01;
    for (const loss of [0, 0.01, 1, 10, 50, 100])
      expect(map.norm(loss)).toBeCloseTo(Math.log((loss + d) / d) / Math.log(100.01 / d), 10);
    // The point of it: a valley a hundredth of the span deep takes half the height.
    expect(map.norm(1)).toBeGreaterThan(0.49);
  });

  it('clamps, and maps non-finite losses to the ends', () => {
    const map = new SurfaceMap(s, true);
    expect(map.norm(-5)).toBe(0);
    expect(map.norm(1e9)).toBe(1);
    expect(map.norm(Infinity)).toBe(1);
    expect(map.norm(-Infinity)).toBe(0);
    expect(map.norm(Number.NaN)).toBe(0);
  });

  it('log-scales a loss that goes negative by its height above the minimum', () => {
    // L = x on [−1, 1]: min −1, span 2, d = 2·10⁻⁴; at x = 0 the height is log((1 + d)/d) / log((2 + d)/d).
    const map = new SurfaceMap(
      surface([[-1, 1]], 11, (x) => x),
      true,
    );
    expect(map.log).toBe(true);
    const d = 2e-4;
    expect(map.norm(0)).toBeCloseTo(Math.log((1 + d) / d) / Math.log((2 + d) / d), 10);
    expect(map.norm(-1)).toBe(0);
    expect(map.norm(1)).toBeCloseTo(1, 12);
  });

  it('fills the grid with the normalized values', () => {
    const map = new SurfaceMap(s, false);
    expect(Array.from(map.grid)).toEqual(Array.from({ length: 11 }, (_, i) => expect.closeTo(i / 10, 6)));
  });

  it('treats a flat surface as 0 at or below its value, 1 above', () => {
    const flat = new SurfaceMap(
      surface([[0, 1]], 3, () => 4),
      true,
    );
    expect(flat.norm(4)).toBe(0);
    expect(flat.norm(5)).toBe(1);
  });
});

describe('SurfaceMap.heightAt', () => {
  it('interpolates a bilinear field exactly and clamps outside the domain', () => {
    // A bilinear f is reproduced exactly by bilinear interpolation between grid points.
    const f = (x: number, y: number) => 3 + x + 2 * y + 0.5 * x * y; // on [0, 4]²: min 3, max 23
    const map = new SurfaceMap(
      surface(
        [
          [0, 4],
          [0, 4],
        ],
        9,
        f,
      ),
      false,
    );
    expect(map.min).toBe(3);
    expect(map.max).toBe(23);
    const expected = (x: number, y: number) => (f(x, y) - 3) / 20;
    for (const [x, y] of [
      [0, 0],
      [4, 4],
      [1.3, 2.7],
      [3.99, 0.01],
      [2.25, 3.5],
    ] as const)
      expect(map.heightAt(x, y)).toBeCloseTo(expected(x, y), 5);
    expect(map.heightAt(-10, 2)).toBeCloseTo(expected(0, 2), 5);
    expect(map.heightAt(2, 99)).toBeCloseTo(expected(2, 4), 5);
  });

  it('interpolates linearly in 1D', () => {
    const map = new SurfaceMap(
      surface([[-2, 4]], 7, (x) => x * x),
      false,
    ); // grid at x = -2..4, values 4 1 0 1 4 9 16: min 0, max 16
    expect(map.heightAt(-2)).toBeCloseTo(4 / 16, 6);
    expect(map.heightAt(0.5)).toBeCloseTo(0.5 / 16, 6); // halfway between 0 and 1
    expect(map.heightAt(3.25)).toBeCloseTo((0.75 * 9 + 0.25 * 16) / 16, 6);
    expect(map.heightAt(4)).toBe(1);
  });
});

describe('suggestLogScale', () => {
  const square: [number, number][] = [
    [-2, 2],
    [-1, 3],
  ];

  it('suggests it for a narrow valley under high walls', () => {
    expect(suggestLogScale(surface(square, 64, (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2))).toBe(true);
  });

  it('does not for a bumpy field, a negative loss, or one parameter', () => {
    const rastrigin = (x: number, y: number) =>
      20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y);
    expect(suggestLogScale(surface(square, 64, rastrigin))).toBe(false);
    expect(suggestLogScale(surface(square, 64, (x, y) => x * x - y * y))).toBe(false);
    expect(suggestLogScale(surface([[-2, 2]], 64, (x) => 100 * x ** 4))).toBe(false);
  });
});
