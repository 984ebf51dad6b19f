/**
 * The tests' own least-squares projection onto a landscape plane (independent of
 * shared/landscape/project.ts): the (α, β) nearest Φ on center + α·d1 + β·d2 from the 2×2 normal
 * equations, and the distance left.
 */
import type { LabPlane } from '../../shared/contract/network';

/** Σ a_i b_i in float64. */
export const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Least squares: the (α, β) nearest Φ on center + α·d1 + β·d2, and the distance `off` left. */
export function project(plane: LabPlane, phi: ArrayLike<number>): { alpha: number; beta: number; off: number } {
  const r = Array.from(phi, (x, i) => x - plane.center[i]!);
  const [a11, a12, a22] = [dot(plane.d1, plane.d1), dot(plane.d1, plane.d2), dot(plane.d2, plane.d2)];
  const [b1, b2] = [dot(plane.d1, r), dot(plane.d2, r)];
  const det = a11 * a22 - a12 * a12;
  const alpha = (a22 * b1 - a12 * b2) / det;
  const beta = (a11 * b2 - a12 * b1) / det;
  const rest = r.map((x, i) => x - alpha * plane.d1[i]! - beta * plane.d2[i]!);
  return { alpha, beta, off: Math.sqrt(dot(rest, rest)) };
}
