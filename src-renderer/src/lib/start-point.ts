/**
 * A start point picked on the surface, as a run's `start`: each coordinate rounded to about a
 * thousandth of its axis's range (a readable number in the experiment file, finer than a pixel).
 */

/** Φ rounded per axis to 10^⌊log₁₀(range/1000)⌋, without binary noise (0.1 + 0.2 stays 0.3). */
export function roundStart(phi: readonly number[], domain: readonly (readonly [number, number])[]): number[] {
  return phi.map((v, axis) => {
    const [lo, hi] = domain[axis] ?? [0, 1];
    const exponent = Math.floor(Math.log10(Math.max(1e-300, (hi - lo) / 1000)));
    const step = 10 ** exponent;
    const rounded = Math.round(v / step) * step;
    return exponent < 0 ? Number(rounded.toFixed(Math.min(100, -exponent))) : rounded;
  });
}

/** The index of the point within `radius` (pixels) of (x, y) closest to it; −1 when none is. */
export function nearestWithin(
  points: readonly ({ x: number; y: number } | null)[],
  x: number,
  y: number,
  radius: number,
): number {
  let best = -1;
  let bestDistance = radius;
  points.forEach((p, i) => {
    if (!p) return;
    const distance = Math.hypot(p.x - x, p.y - y);
    if (distance <= bestDistance) [best, bestDistance] = [i, distance];
  });
  return best;
}
