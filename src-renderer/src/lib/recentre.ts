/**
 * Where a typed formula's wells are: a grid search for its local minima, so a new formula gets a
 * domain framing every well found (with a margin) and a start inside it, a little off the lowest
 * (a new formula's wells otherwise sit wherever the old domain happened to be). Formulas with data
 * are left alone: their values need the data, which only the lab holds.
 */
import { evaluateScalar, parseFormula } from '../../../shared/formula';

/** Half the width of the domain put around a single minimum (the least half-width of any axis). */
export const HALF_WIDTH = 2;
/** Room beyond the outermost minima on each side of an axis. */
export const MARGIN = 1;
/** Most minima framed (the lowest ones). */
const MOST_MINIMA = 16;

type Loss = (p: number[]) => number;

/** The points of an n^D grid of half-width `half` around `centre`, each with its grid index per axis. */
function* grid(centre: readonly number[], half: number, n: number): Generator<{ p: number[]; idx: number[] }> {
  const dims = centre.length;
  for (let k = 0; k < n ** dims; k++) {
    const idx = Array.from({ length: dims }, (_, a) => Math.floor(k / n ** a) % n);
    yield { p: idx.map((i, a) => centre[a]! - half + (2 * half * i) / (n - 1)), idx };
  }
}

/**
 * Descends from `start` to the bottom of its well by pattern search: the lowest point of an n^D grid
 * of half-width `half` around the current point; where that lies on the grid's edge the search moves
 * there (f still falls that way) with a doubled stride, else it narrows to a quarter, until a
 * 4^`rounds`-th of `half`. Null when it never settles (f keeps falling) or f is not finite there.
 */
function descend(f: Loss, start: number[], half: number, rounds: number, n = 11): { p: number[]; v: number } | null {
  let best = { p: start, v: f(start) };
  if (!Number.isFinite(best.v)) return null;
  const [limit, stop] = [half, half / 4 ** rounds];
  for (let moves = 0; half > stop;) {
    let edge = false;
    for (const { p, idx } of grid(best.p, half, n)) {
      const v = f(p);
      if (Number.isFinite(v) && v < best.v) [best, edge] = [{ p, v }, idx.some((i) => i === 0 || i === n - 1)];
    }
    if (!edge) half /= 4;
    // Still falling: a longer stride (as long as the first), so a long valley takes few moves.
    else if (++moves > 200) return null;
    else half = Math.min(limit, half * 2);
  }
  return best;
}

/**
 * The lowest point of f over [−box, box]^D by grid search refined `rounds` times around the best
 * point (each round a quarter of the last box); null when the lowest point of the first grid lies on
 * its edge (no minimum inside: f keeps falling outwards) or f is nowhere finite.
 */
export function locateMinimum(
  f: Loss,
  dims: number,
  { box = 10, n = 41, rounds = 6 }: { box?: number; n?: number; rounds?: number } = {},
): number[] | null {
  return locateMinima(f, dims, { box, n, rounds })?.[0] ?? null;
}

/**
 * The local minima of f over [−box, box]^D, lowest first: the inside points of an n-point grid lower
 * than every neighbour (3^D − 1 of them), each refined by a grid search within one grid spacing of it
 * (so it never slides into the next well); null when the grid's lowest point lies on its edge (f keeps
 * falling outwards) or f is nowhere finite.
 */
export function locateMinima(
  f: Loss,
  dims: number,
  { box = 10, n = 41, rounds = 6 }: { box?: number; n?: number; rounds?: number } = {},
): number[][] | null {
  const centre = Array.from({ length: dims }, () => 0);
  const values: number[] = [];
  let lowest = -1;
  for (const { p } of grid(centre, box, n)) {
    const v = f(p);
    values.push(Number.isFinite(v) ? v : NaN);
    if (Number.isFinite(v) && (lowest < 0 || v < values[lowest]!)) lowest = values.length - 1;
  }
  const indexOf = (k: number) => Array.from({ length: dims }, (_, a) => Math.floor(k / n ** a) % n);
  const onEdge = (idx: number[]) => idx.some((i) => i === 0 || i === n - 1);
  if (lowest < 0 || onEdge(indexOf(lowest))) return null;
  const offsets = [...grid(centre, 1, 3)].map(({ p }) => p).filter((o) => o.some((d) => d !== 0));
  const spacing = (2 * box) / (n - 1);
  const found: { p: number[]; v: number }[] = [];
  values.forEach((v, k) => {
    const idx = indexOf(k);
    if (!Number.isFinite(v) || onEdge(idx)) return;
    const neighbour = (o: number[]) => values[idx.reduce((sum, i, a) => sum + (i + o[a]!) * n ** a, 0)]!;
    if (!offsets.every((o) => !(neighbour(o) <= v))) return;
    const minimum = descend(
      f,
      idx.map((i, a) => centre[a]! - box + spacing * i),
      spacing,
      rounds,
    );
    // A grid point low only between the grid's lines (a curved valley) slides down to a minimum found already.
    if (minimum && !found.some((m) => Math.hypot(...m.p.map((x, a) => x - minimum.p[a]!)) < spacing / 2))
      found.push(minimum);
  });
  found.sort((a, b) => a.v - b.v);
  return found.slice(0, MOST_MINIMA).map((m) => m.p);
}

/** Rounds a coordinate found by search to a tidy number (a few significant digits, tiny values to 0). */
function tidy(v: number): number {
  return Math.abs(v) < 1e-6 ? 0 : Number(v.toPrecision(4));
}

/**
 * A domain around `minima`: on each axis their range plus `MARGIN` on either side, at least
 * 2·`HALF_WIDTH` wide, centred on that range.
 */
export function frameMinima(minima: readonly (readonly number[])[]): [number, number][] {
  const dims = minima[0]?.length ?? 0;
  return Array.from({ length: dims }, (_, a) => {
    const values = minima.map((m) => m[a]!);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const half = Math.max(HALF_WIDTH, (hi - lo) / 2 + MARGIN);
    const mid = (lo + hi) / 2;
    return [tidy(mid - half), tidy(mid + half)];
  });
}

/**
 * A start off the lowest minimum by 60 % of `HALF_WIDTH` (first coordinate below, second above), kept
 * inside the domain's inner 90 %.
 */
function startNear(minimum: readonly number[], domain: readonly [number, number][]): number[] {
  return minimum.map((m, a) => {
    const [lo, hi] = domain[a]!;
    const inset = 0.05 * (hi - lo);
    return tidy(Math.min(hi - inset, Math.max(lo + inset, m + (a === 0 ? -0.6 : 0.6) * HALF_WIDTH)));
  });
}

/**
 * A domain framing a formula's minima and a start inside it near the lowest, or null (data, or no
 * minimum). `minimum` is the lowest; `minima` all those framed, lowest first.
 */
export function recentre(
  expr: string,
  params: string[],
): { domain: [number, number][]; start: number[]; minimum: number[]; minima: number[][] } | null {
  let f: Loss;
  try {
    const g = evaluateScalar(parseFormula(expr, { params, dataVars: [] }));
    f = (p) => g(Object.fromEntries(params.map((name, a) => [name, p[a]!])));
  } catch {
    return null;
  }
  const found = locateMinima(f, params.length);
  if (!found || found.length === 0) return null;
  const minima = found.map((m) => m.map(tidy));
  const domain = frameMinima(minima);
  return { domain, start: startNear(minima[0]!, domain), minimum: minima[0]!, minima };
}
