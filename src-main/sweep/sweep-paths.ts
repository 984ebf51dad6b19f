/**
 * The data files a sweep sent by a view could read, for serve mode's confinement of CSV paths: kept
 * apart from the sweep job so that the server checks a grid without loading the engine.
 */
import type { SweepGrid } from '../../shared/contract/lab';
import { csvPathOf } from '../../shared/experiment/data-path';
import { parseFieldPath } from './sweep-file';

/**
 * Every `loss.data.csv` the grid's cells can name: the base experiment's and each value of a varied
 * path that sets it (serve mode confines them to the experiment's folder before anything runs).
 */
export function sweepCsvPaths(grid: SweepGrid): unknown[] {
  const paths = [csvPathOf(grid.experiment)];
  for (const v of grid.vary) {
    const tokens = parseFieldPath(v.path);
    if (Array.isArray(tokens) && tokens.join('.') === 'loss.data.csv') paths.push(...v.values);
  }
  return paths.filter((p) => p !== undefined);
}
