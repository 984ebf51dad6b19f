/**
 * What the network momentum figure reads off its runs' histories (gallery-network-momentum.ts): which
 * run is which form at which (η′, N), each sweep run's final loss — the mean of its (particle-mean)
 * training loss over the last fifth of the steps, with a batch-means standard error (SPEC §11) — paired
 * by (η′, N), and how far apart the exact-gradient pair's losses ever are.
 */
import type { Experiment } from '../experiment/experiment';
import { effectiveOptimizer } from '../experiment/hyper';
import { stationaryLoss } from './moments';

/** One run of the figure: its form, its (η′, N) (heavy ball's η′ = Nη) and whether it steps on the exact gradient. */
export interface MomentumRun {
  index: number;
  form: 'average' | 'heavy';
  etaPrime: number;
  N: number;
  exact: boolean;
}

/**
 * The momentum runs of an experiment, by the hyper-parameters they step with (SPEC §5's batch scaling
 * applied, N from β where given that way): η′ is the average's η, a heavy-ball run's η times N.
 */
export function momentumRuns(experiment: Experiment): MomentumRun[] {
  return experiment.runs.flatMap((run, index): MomentumRun[] => {
    const o = effectiveOptimizer(run) as { type: string; lr: number; N?: number };
    if ((o.type !== 'momentum' && o.type !== 'momentum-ema') || o.N === undefined) return [];
    const form = o.type === 'momentum' ? 'heavy' : 'average';
    const etaPrime = form === 'heavy' ? o.lr * o.N : o.lr;
    return [{ index, form, etaPrime, N: o.N, exact: run.gradient.kind === 'exact' }];
  });
}

/** A loss with its standard error. */
export interface Measured {
  value: number;
  stderr: number;
}

/** One (η′, N) of the sweep: the final loss of each form (undefined where that form has no run). */
export interface MomentumCell {
  etaPrime: number;
  N: number;
  average?: Measured;
  heavy?: Measured;
}

/** What a history gives the figure: steps and the particle-mean training loss. */
export interface LossSeries {
  t: readonly number[];
  loss: readonly (number | null)[];
}

/** The share of the steps the final loss is averaged over (the last fifth). */
export const FINAL_WINDOW = 0.2;

/** The mean loss over t ≥ (1 − FINAL_WINDOW)·steps, with its batch-means standard error. */
export function finalLoss(series: LossSeries, steps: number): Measured {
  const s = stationaryLoss(series.t, series.loss, (1 - FINAL_WINDOW) * steps);
  return { value: s.value, stderr: s.stderr };
}

/** The sweep's cells (noisy runs), ordered by N then η′, each form's final loss. */
export function momentumCells(
  runs: readonly MomentumRun[],
  histories: readonly (LossSeries | undefined)[],
  steps: number,
): MomentumCell[] {
  const cells: MomentumCell[] = [];
  for (const run of runs) {
    const h = histories[run.index];
    if (run.exact || !h) continue;
    let cell = cells.find((c) => c.N === run.N && c.etaPrime === run.etaPrime);
    if (!cell) cells.push((cell = { etaPrime: run.etaPrime, N: run.N }));
    cell[run.form] = finalLoss(h, steps);
  }
  return cells.sort((a, b) => a.N - b.N || a.etaPrime - b.etaPrime);
}

/** (a − b) in units of their combined standard error: same in distribution gives |z| of order 1. */
export function zScore(a: Measured, b: Measured): number {
  return (a.value - b.value) / Math.hypot(a.stderr, b.stderr);
}

/**
 * Per η′ the spread of the average form's final loss over N: (max − min)/min over the cells of that η′
 * (the notes: small, η′ and N tuned independently).
 */
export function spreadOverN(cells: readonly MomentumCell[]): { etaPrime: number; spread: number }[] {
  const etas = [...new Set(cells.map((c) => c.etaPrime))].sort((a, b) => a - b);
  return etas.map((etaPrime) => {
    const v = cells.flatMap((c) => (c.etaPrime === etaPrime && c.average ? [c.average.value] : []));
    return { etaPrime, spread: (Math.max(...v) - Math.min(...v)) / Math.min(...v) };
  });
}

/** The exact-gradient pair (average, heavy ball at the same (η′, N)) and the largest |ΔL| between their losses. */
export function exactPair(
  runs: readonly MomentumRun[],
  histories: readonly (LossSeries | undefined)[],
): { average: MomentumRun; heavy: MomentumRun; maxGap: number } | null {
  const average = runs.find((r) => r.exact && r.form === 'average');
  const heavy = runs.find((r) => r.exact && r.form === 'heavy' && average && r.N === average.N);
  const [a, b] = [average && histories[average.index], heavy && histories[heavy.index]];
  if (!average || !heavy || !a || !b) return null;
  let maxGap = 0;
  for (let k = 0; k < Math.min(a.loss.length, b.loss.length); k++)
    maxGap = Math.max(maxGap, Math.abs((a.loss[k] ?? NaN) - (b.loss[k] ?? NaN)));
  return { average, heavy, maxGap };
}
