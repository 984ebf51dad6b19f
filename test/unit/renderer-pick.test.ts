/** Picking the surface under the pointer: Φ where a ray meets the surface as drawn, and L(Φ) there. */
import { describe, expect, it } from 'vitest';
import type { Surface } from '../../shared/contract/lab';
import { SurfaceMap } from '../../src-renderer/src/scene/mapping';
import { pickSurface, type Ray } from '../../src-renderer/src/scene/pick';

function surface(domain: [number, number][], G: number, f: (x: number, y: number) => number): Surface {
  const dims = domain.length;
  const at = (axis: number, k: number) => domain[axis]![0] + ((domain[axis]![1] - domain[axis]![0]) * k) / (G - 1);
  const values = new Float32Array(dims === 1 ? G : G * G);
  if (dims === 1) for (let i = 0; i < G; i++) values[i] = f(at(0, i), 0);
  else for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) values[j * G + i] = f(at(0, i), at(1, j));
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { resolution: G, domain, values, min, max, levels: [] };
}

const square: [number, number][] = [
  [-2, 2],
  [-1, 3],
];

describe('pickSurface', () => {
  it('finds the point straight below a vertical ray, and its loss exactly on a plane', () => {
    const map = new SurfaceMap(
      surface(square, 64, (x, y) => x + 2 * y),
      false,
    );
    const ray: Ray = { origin: [0.3, -0.4, 5], direction: [0, 0, -1] };
    const phi = pickSurface(map, ray)!;
    expect(phi[0]).toBeCloseTo(0.6, 9);
    expect(phi[1]).toBeCloseTo(0.2, 9);
    expect(map.lossAt(phi[0]!, phi[1])).toBeCloseTo(0.6 + 0.4, 5);
  });

  it('finds where an oblique ray meets a bowl, from far away', () => {
    const map = new SurfaceMap(
      surface(square, 256, (x, y) => x * x + (y - 1) ** 2),
      true,
    );
    const target = [0.5, 1.5];
    const P = [map.world(target[0]!, 0), map.world(target[1]!, 1), map.heightAt(target[0]!, target[1]) * map.height];
    const d: [number, number, number] = [0.1, 0.15, -1];
    const ray: Ray = { origin: [P[0]! - 4 * d[0], P[1]! - 4 * d[1], P[2]! - 4 * d[2]], direction: d };
    const phi = pickSurface(map, ray)!;
    expect(phi[0]).toBeCloseTo(target[0]!, 3);
    expect(phi[1]).toBeCloseTo(target[1]!, 3);
  });

  it('misses when the ray passes beside or above the surface', () => {
    const map = new SurfaceMap(
      surface(square, 16, (x, y) => x * x + y * y),
      false,
    );
    expect(pickSurface(map, { origin: [3, 3, 5], direction: [0, 0, -1] })).toBeNull();
    expect(pickSurface(map, { origin: [0, 0, 5], direction: [0, 0, 1] })).toBeNull();
  });

  it('meets a 1-D curve in its plane', () => {
    const map = new SurfaceMap(
      surface([[-4, 4]], 128, (x) => x * x),
      false,
    );
    const phi = pickSurface(map, { origin: [0, -5, 0.5], direction: [0.1, 1, 0] })!;
    expect(phi).toHaveLength(1);
    expect(phi[0]).toBeCloseTo(2, 9);
    expect(pickSurface(map, { origin: [0, -5, 0.5], direction: [0.3, 1, 0] })).toBeNull();
  });
});

describe('SurfaceMap.lossAt', () => {
  it('equals the loss between grid points within the grid’s interpolation error', () => {
    const f = (x: number, y: number) => Math.sin(2 * x) + (y * y) / 3;
    const map = new SurfaceMap(surface(square, 256, f), false);
    // Bilinear error ≤ h²/8 · (|f_xx| + |f_yy|) with h = 4/255: about 1.3e-4.
    for (const [x, y] of [
      [0.123, 0.456],
      [-1.9, 2.9],
      [1.01, -0.77],
    ] as const)
      expect(Math.abs(map.lossAt(x, y) - f(x, y))).toBeLessThan(2e-4);
    expect(map.param(map.world(1.25, 1), 1)).toBeCloseTo(1.25, 12);
  });
});
