/**
 * One cell of a sweep started from a view, run and summed up as `sgd-lab sweep` writes it to
 * `sweep.csv` (SPEC §12): the cell's experiment on the chosen engine, then each run's stationary loss
 * (after the burn-in), final loss and diverged particles. Runs in the sweep worker (sweep-worker.ts).
 */
import type { SweepCell } from '../../shared/contract/lab';
import type { Recording } from '../../shared/experiment/recording';
import { defaultBurnIn, stationaryLoss } from '../../shared/theory/moments';
import { runExperiment } from '../engine/experiment-runner';
import type { Cell, LoadedSweep } from './sweep-file';
import type { SweepWorkerData } from './sweep-protocol';

/** A number as the contract carries it: null when not finite (JSON has no NaN or ∞). */
const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** One cell's results, computed as `sweep.csv`'s columns are (SPEC §12). */
export function cellResult(cell: Cell, recording: Recording, burnIn: number): SweepCell {
  return {
    cell: cell.index,
    values: cell.values as SweepCell['values'],
    runs: recording.runs.map((run) => {
      const L = stationaryLoss(run.t, run.loss, burnIn);
      return {
        name: run.name,
        L: finite(L.value),
        Lstderr: finite(L.stderr),
        finalLoss: finite(run.final.loss),
        diverged: run.diverged?.particles ?? 0,
      };
    }),
  };
}

/** Runs one cell of a loaded sweep and sums it up. */
export async function runCell(loaded: LoadedSweep, cell: Cell, options: SweepWorkerData): Promise<SweepCell> {
  const recording = await runExperiment(cell.experiment, {
    baseDir: options.baseDir,
    backend: options.backend,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  });
  return cellResult(cell, recording, loaded.sweep.burnIn ?? defaultBurnIn(cell.experiment.steps));
}
