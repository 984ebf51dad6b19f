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
