/** A new formula's bowl found by grid search, against minima known in closed form. */
import { describe, expect, it } from 'vitest';
import { locateMinimum, recentre } from '../../src-renderer/src/lib/recentre';

describe('recentre', () => {
  it('finds the minimum of shifted bowls and of Rosenbrock', () => {
    expect(recentre('(x - 5)^2 + 3 * (y + 3)^2', ['x', 'y'])).toEqual({
      minimum: [5, -3],
      domain: [
        [3, 7],
        [-5, -1],
      ],
      start: [3.8, -1.8],
    });
    const [x, y] = recentre('(1 - x)^2 + 100 * (y - x^2)^2', ['x', 'y'])!.minimum as [number, number];
    expect(x).toBeCloseTo(1, 1);
    expect(y).toBeCloseTo(1, 1);
    expect(recentre('cosh(w - 2.5)', ['w'])!.minimum).toEqual([2.5]);
  });

  it('gives up where nothing has a minimum inside the search box, or the formula needs data', () => {
    expect(recentre('x + y', ['x', 'y'])).toBeNull();
    expect(recentre('-(x^2)', ['x'])).toBeNull();
    expect(recentre('(x - u)^2', ['x'])).toBeNull();
  });

  it('refines to a quarter of the grid spacing each round', () => {
    // Grid spacing 0.5 over [−10, 10] (41 points), ÷ 4 per round: 6 rounds reach ≈ 1e-4.
    const [m] = locateMinimum((p) => (p[0]! - Math.PI) ** 2, 1)!;
    expect(Math.abs(m! - Math.PI)).toBeLessThan(1e-3);
  });
});
