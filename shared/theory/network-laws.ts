/**
 * What the gallery's network figures read off a run's history: the mean of a series over a window of
 * steps — the training loss before and after each cut of η (annealing), the sharpness late in the run
 * (the edge of stability).
 */

/** Mean of the finite `ys` at steps t ∈ [from, to) (NaN where none). */
export function windowMean(t: readonly number[], ys: readonly number[], from: number, to: number): number {
  let [sum, n] = [0, 0];
  for (let i = 0; i < t.length; i++)
    if (t[i]! >= from && t[i]! < to && Number.isFinite(ys[i]!)) [sum, n] = [sum + ys[i]!, n + 1];
  return n ? sum / n : NaN;
}

/** The loss over the `before` steps ahead of each cut and over [cut + settle, cut + settle + before). */
export function dropsAtCuts(
  t: readonly number[],
  loss: readonly number[],
  cuts: readonly number[],
  before = 200,
  settle = 300,
): { cut: number; before: number; after: number }[] {
  return cuts.map((cut) => ({
    cut,
    before: windowMean(t, loss, cut - before, cut),
    after: windowMean(t, loss, cut + settle, cut + settle + before),
  }));
}

/** `ys` at `at` by linear interpolation in `xs` (increasing); NaN outside [xs₀, xs_last]. */
export function interpolate(xs: readonly number[], ys: readonly number[], at: number): number {
  if (!(at >= xs[0]!) || !(at <= xs[xs.length - 1]!)) return NaN;
  let k = 1;
  while (k < xs.length - 1 && xs[k]! < at) k++;
  const [x0, x1] = [xs[k - 1]!, xs[k]!];
  return x1 === x0 ? ys[k]! : ys[k - 1]! + ((ys[k]! - ys[k - 1]!) * (at - x0)) / (x1 - x0);
}

/**
 * How far curve `b` lies from curve `a` on a shared axis: the largest |b − a|/a over b's points in
 * (from, a's last x], `a` interpolated there (batch-size scaling: b the larger batch, sparser on the
 * examples axis; a the batch-1 reference).
 */
export function overlayGap(
  a: { x: readonly number[]; y: readonly number[] },
  b: { x: readonly number[]; y: readonly number[] },
  from = 0,
): number {
  let gap = 0;
  b.x.forEach((x, i) => {
    const ref = interpolate(a.x, a.y, x);
    if (x > from && Number.isFinite(ref) && Number.isFinite(b.y[i]!))
      gap = Math.max(gap, Math.abs(b.y[i]! - ref) / ref);
  });
  return gap;
}
