/** A new formula's wells found by grid search, against minima known in closed form. */
import { describe, expect, it } from 'vitest';
import { frameMinima, locateMinimum, recentre } from '../../src-renderer/src/lib/recentre';

/** The three real roots of t³ + p t + q (p < 0, three real roots), ascending: the trigonometric formula. */
function cubicRoots(p: number, q: number): number[] {
  const r = 2 * Math.sqrt(-p / 3);
  const phi = Math.acos(((3 * q) / (2 * p)) * Math.sqrt(-3 / p)) / 3;
  return [0, 1, 2].map((k) => r * Math.cos(phi - (2 * Math.PI * k) / 3)).sort((a, b) => a - b);
}

/** Whether `point` lies inside `domain` at least `margin` from every edge. */
const inside = (point: number[], domain: [number, number][], margin = 0) =>
  point.every((v, a) => v >= domain[a]![0] + margin && v <= domain[a]![1] - margin);

describe('recentre', () => {
  it('finds the minimum of shifted bowls and of Rosenbrock', () => {
    expect(recentre('(x - 5)^2 + 3 * (y + 3)^2', ['x', 'y'])).toEqual({
      minimum: [5, -3],
      domain: [
        [3, 7],
        [-5, -1],
      ],
      start: [3.8, -1.8],
      minima: [[5, -3]],
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

  it('frames both wells of a tilted double well, not the lower one alone', () => {
    // (x² − 1)² + 0.5y² + 0.2x: ∂x = 4x³ − 4x + 0.2 = 0, i.e. x³ − x + 0.05 = 0; ∂y = y = 0. The
    // outer roots are the wells (the middle one the barrier): x ≈ −1.0241 (lower) and 0.9740.
    const [left, , right] = cubicRoots(-1, 0.05) as [number, number, number];
    const found = recentre('(x^2 - 1)^2 + 0.5*y^2 + 0.2*x', ['x', 'y'])!;
    expect(found.minima).toHaveLength(2);
    const [low, high] = found.minima as [number[], number[]];
    expect(low[0]).toBeCloseTo(left, 3);
    expect(high[0]).toBeCloseTo(right, 3);
    expect([low[1], high[1]]).toEqual([0, 0]);
    expect(found.minimum).toEqual(low);
    // Both wells at least a margin of ~1 from the edges (the old domain [−3.02, 0.98] had the right
    // well 0.006 from its edge), no wider than the wells need, and the start on the surface.
    const { domain, start } = found;
    expect(inside(low, domain, 0.99) && inside(high, domain, 0.99)).toBe(true);
    expect(domain[0]![1] - domain[0]![0]).toBeLessThanOrEqual(4.01);
    expect(domain[1]).toEqual([-2, 2]);
    expect(inside(start, domain)).toBe(true);
  });

  it("frames Himmelblau's four minima", () => {
    // The four zeros of (x² + y − 11)² + (x + y² − 7)² (known to six digits).
    const known = [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ];
    const found = recentre('(x^2 + y - 11)^2 + (x + y^2 - 7)^2', ['x', 'y'])!;
    expect(found.minima).toHaveLength(4);
    for (const m of known) {
      expect(found.minima.some((f) => Math.hypot(f[0]! - m[0]!, f[1]! - m[1]!) < 2e-3)).toBe(true);
      expect(inside(m, found.domain, 0.99)).toBe(true);
    }
    expect(inside(found.start, found.domain)).toBe(true);
  });

  it('puts a margin of 1 beyond the outermost minima, at least ±2 around one', () => {
    expect(frameMinima([[0.5, -1]])).toEqual([
      [-1.5, 2.5],
      [-3, 1],
    ]);
    // x from −3 to 3: 6 wide + 1 each side; y from 0 to 1: 1 wide, so ±2 around 0.5.
    expect(
      frameMinima([
        [-3, 0],
        [3, 1],
      ]),
    ).toEqual([
      [-4, 4],
      [-1.5, 2.5],
    ]);
  });
});
