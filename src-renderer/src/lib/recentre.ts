/**
 * Where a typed formula's bowl is: a coarse-to-fine grid search for its lowest value, so a new
 * formula gets a domain centred on it and a start a little off it (a new formula's bowl otherwise
 * sits wherever the old domain happened to be). Formulas with data are left alone: their values need
 * the data, which only the lab holds.
 */
import { evaluateScalar, parseFormula } from '../../../shared/formula';

/** Half the width of the domain put around a minimum found. */
export const HALF_WIDTH = 2;

/**
 * The lowest point of f over [−box, box]^D by grid search refined `rounds` times around the best
 * point (each round a quarter of the last box); null when the lowest point of the first grid lies on
 * its edge (no minimum inside: f keeps falling outwards) or f is nowhere finite.
 */
export function locateMinimum(
  f: (p: number[]) => number,
  dims: number,
  { box = 10, n = 41, rounds = 6 }: { box?: number; n?: number; rounds?: number } = {},
): number[] | null {
  let centre = Array.from({ length: dims }, () => 0);
  let half = box;
  for (let round = 0; round < rounds; round++) {
    let best: { p: number[]; v: number; edge: boolean } | null = null;
    const total = n ** dims;
    for (let k = 0; k < total; k++) {
      const idx = Array.from({ length: dims }, (_, a) => Math.floor(k / n ** a) % n);
      const p = idx.map((i, a) => centre[a]! - half + (2 * half * i) / (n - 1));
      const v = f(p);
      if (Number.isFinite(v) && (!best || v < best.v)) best = { p, v, edge: idx.some((i) => i === 0 || i === n - 1) };
    }
    if (!best) return null;
    if (round === 0 && best.edge) return null;
    centre = best.p;
    half /= 4;
  }
  return centre;
}

/** Rounds a coordinate found by search to a tidy number (a few significant digits, tiny values to 0). */
function tidy(v: number): number {
  return Math.abs(v) < 1e-6 ? 0 : Number(v.toPrecision(4));
}

/** A domain centred on a formula's minimum and a start up-left of it, or null (data, or no minimum). */
export function recentre(
  expr: string,
  params: string[],
): { domain: [number, number][]; start: number[]; minimum: number[] } | null {
  let f: (p: number[]) => number;
  try {
    const g = evaluateScalar(parseFormula(expr, { params, dataVars: [] }));
    f = (p) => g(Object.fromEntries(params.map((name, a) => [name, p[a]!])));
  } catch {
    return null;
  }
  const found = locateMinimum(f, params.length);
  if (!found) return null;
  const minimum = found.map(tidy);
  const domain = minimum.map((m): [number, number] => [tidy(m - HALF_WIDTH), tidy(m + HALF_WIDTH)]);
  // Off the minimum by 60 % of the half-width: first coordinate below it, second above.
  const start = minimum.map((m, a) => tidy(m + (a === 0 ? -0.6 : 0.6) * HALF_WIDTH));
  return { domain, start, minimum };
}
