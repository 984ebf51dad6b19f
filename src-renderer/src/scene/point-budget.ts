/**
 * How many particles the view draws. A hardware GPU draws every particle it is sent. A software
 * rasterizer (SwiftShader, llvmpipe: Chromium without a usable GPU) spends about a microsecond and a
 * half on each point whatever its size, so 6 runs × 10,000 particles cost ~100 ms a frame there. On
 * such a renderer the view draws at most a budget of points a frame, shared fairly between the runs
 * (each run's first particles: they start as independent draws, so any of them is a fair sample of
 * the cloud), and says so; "draw all" lifts the budget.
 */

/** Points drawn per frame, all runs together, on a software renderer. */
export const SOFTWARE_POINT_BUDGET = 12_000;

/**
 * Shares `budget` points between runs of `counts` particles: every run gets an equal share, a run
 * that needs less gives the rest to the others (water filling). The shares never exceed the counts
 * and add up to min(budget, Σ counts), give or take the rounding down of a fair share.
 */
export function shareBudget(counts: readonly number[], budget: number): number[] {
  const shares = counts.map(() => 0);
  if (!(budget < Infinity)) return counts.map((c) => Math.max(0, c));
  let left = Math.max(0, Math.floor(budget));
  let open = counts.map((c, i) => ({ c: Math.max(0, c), i })).sort((a, b) => a.c - b.c);
  while (open.length > 0) {
    const fair = Math.floor(left / open.length);
    const small = open.filter((r) => r.c <= fair);
    if (small.length === 0) {
      for (const r of open) shares[r.i] = fair;
      break;
    }
    for (const r of small) {
      shares[r.i] = r.c;
      left -= r.c;
    }
    open = open.filter((r) => r.c > fair);
  }
  return shares;
}
