/**
 * The arithmetic of a network's landscape plane in the view (SPEC §13 `landscape`), apart from
 * drawing: how far off the plane a path point fades, whether the runs' heads have left the plane's
 * grid, and what the hover readout says. The projection itself (least squares onto
 * center + α·d1 + β·d2) is shared/landscape/project.ts. Pure code.
 */
import type { LabPlane } from '../../../shared/contract/network';
import type { Surface } from '../../../shared/contract/lab';
import { norm } from '../../../shared/landscape/vectors';

/** How pale a path point far off the plane may get at most (it never vanishes). */
export const MAX_FADE = 0.85;
/** The fade's reference distance, as a fraction of the grid's mean half-width in Φ (see `fadeReference`). */
export const FADE_FRACTION = 0.1;

/**
 * The distance off the plane at which a path is half faded: FADE_FRACTION of the grid's mean
 * half-width measured in Φ, ½·(½(α₁ − α₀)‖d1‖ + ½(β₁ − β₀)‖d2‖), so "far" is judged against the part
 * of the plane the view shows. Never 0 (a degenerate grid falls back to 1e-12).
 */
export function fadeReference(plane: Pick<LabPlane, 'd1' | 'd2' | 'surface'>): number {
  const [[a0, a1], [b0, b1]] = plane.surface.domain as [[number, number], [number, number]];
  const halfA = ((a1 - a0) / 2) * norm(plane.d1);
  const halfB = ((b1 - b0) / 2) * norm(plane.d2);
  const ref = FADE_FRACTION * ((halfA + halfB) / 2);
  return ref > 0 && Number.isFinite(ref) ? ref : 1e-12;
}

/**
 * How pale a point `offPlane` from the plane is drawn, 0 (on it: the run's own color) to MAX_FADE:
 * f = d/(d + ref), so half faded at d = ref; a distance that is not a number (a diverged point)
 * is faded most.
 */
export function fadeOf(offPlane: number, ref: number): number {
  if (!(offPlane >= 0)) return MAX_FADE;
  return Math.min(MAX_FADE, offPlane / (offPlane + ref));
}

/** Whether (α, β) lies outside the grid of `surface` (its domain [[α₀, α₁], [β₀, β₁]]). */
export function outsideGrid(alpha: number, beta: number, surface: Pick<Surface, 'domain'>): boolean {
  const [[a0, a1], [b0, b1]] = surface.domain as [[number, number], [number, number]];
  return !(alpha >= a0 && alpha <= a1 && beta >= b0 && beta <= b1);
}

/** What hovering a path point reads (true L: the run's full training loss there; plane L: the grid's). */
export interface PlaneReadout {
  alpha: number;
  beta: number;
  /** The point's distance off the plane (0 for a point of the surface itself). */
  offPlane: number;
  /** The full training loss at the path point's own Φ (absent on the surface: Φ is the plane's point). */
  trueLoss?: number;
  /** The grid's loss at (α, β), interpolated bilinearly between its values (SurfaceMap.lossAt). */
  planeLoss: number;
}

/** The readout's text, one part per quantity, as the hover shows it. */
export function readoutParts(r: PlaneReadout, fmt: (v: number, digits: number) => string): string[] {
  const parts = [`α ${fmt(r.alpha, 4)}`, `β ${fmt(r.beta, 4)}`, `off-plane d ${fmt(r.offPlane, 3)}`];
  if (r.trueLoss !== undefined) parts.push(`true L ${fmt(r.trueLoss, 5)}`);
  parts.push(`plane L ${fmt(r.planeLoss, 5)}`);
  return parts;
}

/**
 * The point of a path (α, β pairs) nearest to (α, β), measured in fractions of the grid's width
 * along each axis (so both axes count alike whatever their ranges), if it is within `radius` of
 * them; −1 when none is.
 */
export function nearestPathPoint(
  path: readonly number[],
  alpha: number,
  beta: number,
  surface: Pick<Surface, 'domain'>,
  radius: number,
): number {
  const [[a0, a1], [b0, b1]] = surface.domain as [[number, number], [number, number]];
  const [wa, wb] = [a1 - a0, b1 - b0];
  let best = -1;
  let bestDistance = radius;
  for (let k = 0; k + 1 < path.length; k += 2) {
    const distance = Math.hypot((path[k]! - alpha) / wa, (path[k + 1]! - beta) / wb);
    if (distance <= bestDistance) [best, bestDistance] = [k / 2, distance];
  }
  return best;
}
