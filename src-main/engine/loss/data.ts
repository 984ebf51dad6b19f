/** The examples of a loss: generated from the seed (normal, uniform) or read from a CSV file. */
import { isAbsolute, resolve } from 'node:path';
import { parseFormula } from '../../../shared/formula/parse';
import type { GeneratedVar, Loss } from '../../../shared/spec/experiment';
import type { DataSet } from '../api';
import { readCsv } from './csv';
import { Rng } from './prng';

export { DataError } from './csv';

/** A data set with no examples (a deterministic loss). */
export const NO_DATA: DataSet = { vars: [], columns: [], n: 0 };

/** Draws `n` values of each variable, in the order written, from one stream seeded by `seed`. */
export function generateData(vars: Record<string, GeneratedVar>, n: number, seed: number): DataSet {
  const rng = new Rng(seed);
  const names = Object.keys(vars);
  const columns = names.map((name) => {
    const gen = vars[name]!;
    const col = new Float32Array(n);
    if ('normal' in gen) {
      const [mean, sd] = gen.normal;
      for (let i = 0; i < n; i++) col[i] = mean + sd * rng.normal();
    } else {
      const [lo, hi] = gen.uniform;
      for (let i = 0; i < n; i++) col[i] = lo + (hi - lo) * rng.uniform();
    }
    return col;
  });
  return { vars: names, columns, n };
}

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
