/** Loss surfaces from the compiled kernels: the full loss at every grid point, O(1) per point for a loss polynomial in its data. */
import type { Surface } from '../../../shared/contract/lab';
import type { Experiment } from '../../../shared/experiment/experiment';
import type { DataSet } from '../api';
import { gridSurface } from '../loss/loss-grid';
import { compileRun } from './compiled-run';

/** Per-example evaluations one surface may take. */
const MAX_ROW_EVALUATIONS = 1e8;
const MIN_RESOLUTION = 24;

/** The loss of `experiment` on a resolution² grid over its domain (resolution points for one parameter). */
export function compiledSurface(experiment: Experiment, data: DataSet, resolution: number): Surface {
  const run = experiment.runs[0] ?? {
    ...({} as Experiment['runs'][number]),
    optimizer: { type: 'sgd', lr: 0.01 },
    gradient: { kind: 'exact' },
    dynamics: { type: 'sgd' },
    schedule: { type: 'constant' },
    start: experiment.loss.params.map(() => 0),
    spread: 0,
  };
  const { kernel, plan } = compileRun(experiment, run as Experiment['runs'][number], 0, data);
  // A loss that is not polynomial in its data costs n evaluations per point: the grid is capped so
  // that a surface stays around a second of work (the view draws what it gets).
  const G =
    plan.full === null && data.n > 0
      ? Math.max(MIN_RESOLUTION, Math.min(resolution, Math.floor(Math.sqrt(MAX_ROW_EVALUATIONS / data.n))))
      : resolution;
  return gridSurface(experiment.loss, G, 1 << 16, (cols) => {
    const out = new Float32Array(cols[0]!.length);
    kernel.lossAt(
      cols.map((c) => Float64Array.from(c)),
      out,
      out.length,
    );
    return out;
  });
}
