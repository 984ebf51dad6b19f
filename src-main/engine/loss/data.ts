/** The examples of a loss: generated from the seed (normal, uniform) or read from a CSV file. */
import { isAbsolute, resolve } from 'node:path';
import { parseFormula } from '../../../shared/formula/parse';
import { generateData } from '../../../shared/data/generate';
import type { Loss } from '../../../shared/spec/experiment';
import type { DataSet } from '../api';
import { readCsv } from './csv';

export { DataError } from './csv';
export { generateData };

/** A data set with no examples (a deterministic loss). */
export const NO_DATA: DataSet = { vars: [], columns: [], n: 0 };

/**
 * Loads a loss's data: generated variables from `seed`, or the CSV columns that the formula uses
 * (a path relative to `baseDir` unless absolute). Throws `DataError` for a bad file.
 */
export async function loadDataSet(loss: Loss, opts: { seed: number; baseDir: string }): Promise<DataSet> {
  const data = loss.data;
  if (!data) return NO_DATA;
  if ('vars' in data) return generateData(data.vars, data.n, opts.seed);
  const path = isAbsolute(data.csv) ? data.csv : resolve(opts.baseDir, data.csv);
  const ast = parseFormula(loss.expr, { params: loss.params, dataVars: [] }, { anyDataVar: true });
  const { columns, n } = await readCsv(path, ast.dataVars);
  return { vars: ast.dataVars, columns, n };
}
