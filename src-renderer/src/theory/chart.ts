/**
 * Small SVG chart geometry for the theory views: linear and log scales, round ticks, path strings,
 * and the colours (measured in the run's colour, predicted in one theory colour, axes per theme).
 */

/** The one colour of every prediction (lines, ellipses, densities): no run uses it. */
export const THEORY_COLOR = '#10b3a3';
/** The Boltzmann ellipse of the 2-D stationary view. */
export const BOLTZMANN_COLOR = '#f2b705';

/** Axis and text colours of a theme (explicit, so an exported SVG needs no stylesheet). */
export function chartInk(dark: boolean): { axis: string; text: string; grid: string; background: string } {
  return dark
    ? { axis: '#6b7380', text: '#c9ced8', grid: '#2a2f38', background: '#1a1d24' }
    : { axis: '#8a919c', text: '#30343c', grid: '#e6e8ec', background: '#ffffff' };
}

/** A map from data to pixels along one axis. */
export interface Scale {
  (v: number): number;
  domain: [number, number];
  log: boolean;
  ticks: number[];
}

/** Round tick values covering [lo, hi] (about `count` of them). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** A linear scale from [d0, d1] to [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number, ticks = 5): Scale {
  if (!(d1 > d0)) [d0, d1] = [d0 - 1, d0 + 1];
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  f.domain = [d0, d1];
  f.log = false;
  f.ticks = niceTicks(d0, d1, ticks);
  return f;
}

/** A log₁₀ scale from [d0, d1] (both > 0) to [r0, r1], ticks at the powers of ten. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (!(d0 > 0)) d0 = 1e-12;
  if (!(d1 > d0)) d1 = d0 * 10;
  const [l0, l1] = [Math.log10(d0), Math.log10(d1)];
  const f = ((v: number) => r0 + ((Math.log10(Math.max(v, 1e-300)) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  f.domain = [d0, d1];
  f.log = true;
  f.ticks = [];
  for (let p = Math.ceil(l0); p <= Math.floor(l1); p++) f.ticks.push(10 ** p);
  // Less than two decades: 1, 2 and 5 times the powers of ten as well.
  if (f.ticks.length < 2) {
    f.ticks = [];
    for (let p = Math.floor(l0); p <= Math.ceil(l1); p++)
      for (const m of [1, 2, 5]) if (m * 10 ** p >= d0 && m * 10 ** p <= d1) f.ticks.push(m * 10 ** p);
  }
  if (f.ticks.length < 2) f.ticks = [d0, d1];
  return f;
}

/** The [min, max] of finite values (a fallback when there are none). */
export function extent(values: Iterable<number>, fallback: [number, number] = [0, 1]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return lo <= hi ? [lo, hi] : fallback;
}

/** An SVG path through points, breaking at non-finite ones. */
export function linePath(xs: readonly number[], ys: readonly number[], sx: Scale, sy: Scale): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const [x, y] = [xs[i]!, ys[i]!];
    if (!Number.isFinite(x) || !Number.isFinite(y) || (sy.log && y <= 0) || (sx.log && x <= 0)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** A tick label: short, with a true minus sign. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3)));
  return s.replace('-', '−');
}
