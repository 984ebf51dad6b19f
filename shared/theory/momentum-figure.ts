/**
 * The momentum entry's figure computed headless (`theoryFigure`), as every other entry's is: the quick
 * grid of the momentum sweep (3 N × 2 forms × 9 learning rates) as one experiment of 54 runs, each cell
 * a run of 64 particles (the lab's sweep: 512), read back as the sweep's cells so the same heatmaps
 * draw it. Each run draws its own noise here (in the lab's sweep every cell is run 0 of the seed), so a
 * heavy-ball cell and its averaged twin agree in distribution, not particle by particle.
 */
import type { TheoryFigure } from '../contract/theory';
import type { SweepCell } from '../contract/sweep';
import type { ExperimentInput } from '../experiment/experiment';
import { MOMENTUM_GRIDS, momentumRun, momentumSweep, type MomentumGridSize } from './gallery-momentum';
import { stationaryLoss } from './moments';

/** The grid the computed figure covers, and its particles per cell. */
export const MOMENTUM_FIGURE_GRID: MomentumGridSize = 'quick';
export const MOMENTUM_FIGURE_PARTICLES = 64;

/** The figure's experiment: one run per cell of the quick grid, in the sweep's order (N, form, η). */
export function momentumFigureExperiment(): ExperimentInput {
  const { experiment } = momentumSweep(MOMENTUM_FIGURE_GRID);
  const grid = MOMENTUM_GRIDS[MOMENTUM_FIGURE_GRID];
  const runs = grid.N.flatMap((N) =>
    (['momentum', 'momentum-ema'] as const).flatMap((type) =>
      grid.lr.map((lr) => momentumRun(`${type} N = ${N}, lr = ${lr}`, type, lr, N, MOMENTUM_FIGURE_PARTICLES)),
    ),
  );
  const base = experiment as ExperimentInput;
  return { ...base, title: 'Theory: momentum sweep (computed)', runs, record: { every: 20, particles: 1 } };
}

/** A run of the figure's experiment as far as the cells need it. */
interface CellRun {
  name: string;
  optimizer: { type: string; lr: number; N?: number };
}

/**
 * The figure's runs as sweep cells (values [N, type, lr]): the final loss and diverged particles from
 * each run's last frame, L and its standard error over the recorded steps t ≥ `burnIn` (batch means).
 */
export function momentumFigureCells(runs: readonly CellRun[], figure: TheoryFigure, burnIn: number): SweepCell[] {
  return runs.flatMap((run, cell): SweepCell[] => {
    const r = figure.runs[cell];
    const last = r?.frames.at(-1);
    if (!r || !last) return [];
    const L = stationaryLoss(r.history.t, r.history.loss, burnIn);
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    return [
      {
        cell,
        values: [run.optimizer.N ?? 10, run.optimizer.type, run.optimizer.lr],
        runs: [
          {
            name: run.name,
            L: finite(L.value),
            Lstderr: finite(L.stderr),
            finalLoss: finite(last.loss),
            diverged: last.diverged,
          },
        ],
      },
    ];
  });
}
