/**
 * The charts' data, as uPlot wants it: one shared, sorted x column and one y column per run (null
 * where a run has no point at that x), and a y range clamped to the data (a log axis from the
 * smallest positive value to the largest, in whole decades only as far as the data reach).
 * Pure functions of the runs' tracks; no DOM.
 */

/** [x, y₁, y₂, …]: x ascending, each y as long as x. */
export type Columns = [number[], ...(number | null)[][]];

/**
 * Joins each run's (x, y) points on the union of their x. On a log axis a value ≤ 0 (or not finite)
 * becomes null (a gap), never a point at −∞.
 */
export function joinRuns(
  xs: readonly (readonly number[])[],
  ys: readonly (readonly number[])[],
  log: boolean,
): Columns {
  const all = new Set<number>();
  for (const x of xs) for (const v of x) if (Number.isFinite(v)) all.add(v);
  const x = [...all].sort((a, b) => a - b);
  const at = new Map(x.map((v, i) => [v, i]));
  const columns: (number | null)[][] = ys.map(() => new Array<number | null>(x.length).fill(null));
  ys.forEach((y, r) => {
    const xr = xs[r] ?? [];
    for (let k = 0; k < Math.min(xr.length, y.length); k++) {
      const i = at.get(xr[k]!);
      const v = y[k]!;
      if (i === undefined || !Number.isFinite(v) || (log && v <= 0)) continue;
      columns[r]![i] = v;
    }
  });
  return [x, ...columns];
}

/** Smallest and largest non-null value of the y columns (null when there is none). */
export function extent(columns: Columns): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const col of columns.slice(1) as (number | null)[][])
    for (const v of col)
      if (v !== null) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * A y range for values in [lo, hi]: on a log axis the decades around them (10^⌊log lo⌋ to
 * 10^⌈log hi⌉, one decade at least), else [lo, hi] padded by 5 % (a flat line gets ±1 or ±|v|/10).
 */
export function yRange(lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    // Never below 1e-300: 10^a must stay a positive float (a denormal lo would give 0).
    const a = Math.max(MIN_DECADE, Math.floor(Math.log10(lo)));
    let b = Math.ceil(Math.log10(hi));
    if (b <= a) b = a + 1;
    return [10 ** a, 10 ** b];
  }
  if (hi - lo < 1e-300) {
    const d = lo === 0 ? 1 : Math.abs(lo) / 10;
    return [lo - d, hi + d];
  }
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** The lowest decade a log axis reaches. */
const MIN_DECADE = -300;

/** Whether a chart of these columns can be on a log axis: every value positive (zeros are gaps). */
export function canLog(ys: readonly (readonly number[])[]): boolean {
  let positive = false;
  for (const y of ys)
    for (const v of y) {
      if (v < 0) return false;
      if (v > 0) positive = true;
    }
  return positive;
}
