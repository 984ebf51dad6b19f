/**
 * The momentum sweep as two heatmaps — final loss over (η, N) for heavy ball and over (η′, N) for the
 * running average — with each row's best learning rate, the fitted power of N it moves with, and the
 * exact prediction: the first and second moments of heavy ball on ½Hx² with Gaussian gradient noise
 * follow a linear recursion, so the expected final loss of every cell is known in closed form.
 */
import type { SweepCell, SweepProgress } from '../contract/lab';
import { MOMENTUM_PATHS } from './gallery-momentum';

export type MomentumType = 'momentum' | 'momentum-ema';

/** One heatmap: rows N ascending, columns the learning rate ascending; undefined where not run (yet). */
export interface Heatmap {
  type: MomentumType;
  Ns: number[];
  lrs: number[];
  /** Final loss (null: not finite). */
  loss: (number | null | undefined)[][];
  /** Particles that diverged. */
  diverged: (number | undefined)[][];
  /** The finished cells, by row and column. */
  cells: (SweepCell | undefined)[][];
}

const ascending = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

/** Whether a sweep is the momentum sweep (its varied paths). */
export function isMomentumSweep(progress: SweepProgress): boolean {
  const { N, type, lr } = MOMENTUM_PATHS;
  return progress.vary.join('\n') === [N, type, lr].join('\n');
}

/** The heatmap of one parameterization over the axes `Ns` × `lrs` from the cells finished so far. */
export function heatmapOf(cells: readonly SweepCell[], type: MomentumType, Ns: number[], lrs: number[]): Heatmap {
  const map: Heatmap = {
    type,
    Ns: ascending(Ns),
    lrs: ascending(lrs),
    loss: [],
    diverged: [],
    cells: [],
  };
  map.loss = map.Ns.map(() => map.lrs.map(() => undefined));
  map.diverged = map.Ns.map(() => map.lrs.map(() => undefined));
  map.cells = map.Ns.map(() => map.lrs.map(() => undefined));
  for (const cell of cells) {
    const [N, cellType, lr] = cell.values;
    if (cellType !== type) continue;
    const row = map.Ns.indexOf(N as number);
    const col = map.lrs.indexOf(lr as number);
    const run = cell.runs[0];
    if (row < 0 || col < 0 || !run) continue;
    map.loss[row]![col] = run.finalLoss;
    map.diverged[row]![col] = run.diverged;
    map.cells[row]![col] = cell;
  }
  return map;
}

/** Each row's column of least finite loss without diverged particles (undefined: none yet). */
export function bestColumns(map: Pick<Heatmap, 'loss' | 'diverged'>): (number | undefined)[] {
  return map.loss.map((row, r) => {
    let best: number | undefined;
    row.forEach((v, c) => {
      if (typeof v !== 'number' || (map.diverged[r]?.[c] ?? 0) > 0) return;
      if (best === undefined || v < (row[best] as number)) best = c;
    });
    return best;
  });
}

/** The least-squares slope of log(best learning rate) against log N over the rows that have one. */
export function bestSlope(map: Heatmap): number {
  const pts = bestColumns(map).flatMap((c, r) =>
    c === undefined ? [] : [[Math.log(map.Ns[r]!), Math.log(map.lrs[c]!)] as const],
  );
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const sxy = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : NaN;
}

/** The basin ½Hx², the gradient noise variance σ², the start x₀ and the number of steps. */
export interface MomentumProblem {
  H: number;
  sigma2: number;
  x0: number;
  steps: number;
}

/**
 * The expected final loss E ½H x_T² of heavy ball (η, N) from x₀ (v₀ = 0, every particle at x₀):
 * with s = (x, v), v ← βv + η(Hx + ξ), x ← x − v is s ← A s + b ξ, so the mean goes m ← A m and the
 * covariance P ← A P Aᵀ + σ² b bᵀ. The average at η′ is heavy ball at η = η′/N. Infinity past overflow.
 */
export function predictedFinalLoss(type: MomentumType, lr: number, N: number, p: MomentumProblem): number {
  const eta = type === 'momentum' ? lr : lr / N;
  const beta = 1 - 1 / N;
  const [a, b, c, d] = [1 - eta * p.H, -beta, eta * p.H, beta];
  const [bx, bv] = [-eta, eta];
  let [mx, mv] = [p.x0, 0];
  let [pxx, pxv, pvv] = [0, 0, 0];
  for (let t = 0; t < p.steps; t++) {
    [mx, mv] = [a * mx + b * mv, c * mx + d * mv];
    const nxx = a * a * pxx + 2 * a * b * pxv + b * b * pvv + p.sigma2 * bx * bx;
    const nxv = a * c * pxx + (a * d + b * c) * pxv + b * d * pvv + p.sigma2 * bx * bv;
    const nvv = c * c * pxx + 2 * c * d * pxv + d * d * pvv + p.sigma2 * bv * bv;
    [pxx, pxv, pvv] = [nxx, nxv, nvv];
    if (!Number.isFinite(pxx) || Math.abs(pxx) > 1e300) return Infinity;
  }
  return 0.5 * p.H * (mx * mx + pxx);
}

/** The predicted heatmap's best column per row (the prediction beside each row's measured best). */
export function predictedBestColumns(type: MomentumType, Ns: number[], lrs: number[], p: MomentumProblem): number[] {
  return Ns.map((N) => {
    const losses = lrs.map((lr) => predictedFinalLoss(type, lr, N, p));
    return losses.indexOf(Math.min(...losses));
  });
}
