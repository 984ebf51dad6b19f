/** The examples of a loss: generated from the seed (normal, uniform) or read from a CSV file. */
import { parseFormula } from '../../../shared/formula/parse';
import { generateData } from '../../../shared/data/generate';
import { isModelData } from '../../../shared/experiment/model-data-schema';
import type { DataDir } from '../../../shared/experiment/data-path';
import type { Loss } from '../../../shared/experiment/experiment';
import { readDataFile } from '../../files/data-file';
import type { DataSet } from '../api';
import { parseCsv } from './csv-columns';

export { DataError } from './csv-columns';
export { generateData };

/** A data set with no examples (a deterministic loss). */
export const NO_DATA: DataSet = { vars: [], columns: [], n: 0 };

/**
 * Loads a loss's data: generated variables from `seed`, or the CSV columns that the formula uses, read
 * by the one data reader (files/data-file.ts: a path relative to `baseDir` unless absolute, confined
 * to it for a view's root, regular files only, checked against `data.sha256` when the spec has one).
 * Throws `DataError` for a bad or refused file.
 */
export async function loadDataSet(loss: Loss, opts: { seed: number; baseDir: DataDir }): Promise<DataSet> {
  const data = loss.data;
  if (!data) return NO_DATA;
  if ('vars' in data) return generateData(data.vars, data.n, opts.seed);
  // A model's data (SPEC §13) is loaded by src-main/data/load-model-data.ts, not as formula columns.
  if (!('csv' in data) || isModelData(data)) return NO_DATA;
  const ast = parseFormula(loss.expr, { params: loss.params, dataVars: [] }, { anyDataVar: true });
  const file = await readDataFile(data.csv, opts.baseDir, data.sha256 !== undefined ? { sha256: data.sha256 } : {});
  const { columns, n } = parseCsv(file.text, ast.dataVars, file.label);
  return { vars: ast.dataVars, columns, n };
}
