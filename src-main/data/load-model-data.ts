/**
 * A model's data (SPEC §13), the one entry point: generated from the experiment's seed
 * (shared/data/generated-sets.ts), a real set a package ships (real-sets.ts), or a CSV file
 * (csv-examples.ts, read through the one confined data reader); then split into training and test
 * rows and standardized with the training rows' means and sds (shared/data/split.ts). Test examples
 * are returned apart and never enter a gradient.
 */
import { drawGeneratedSet } from '../../shared/data/generated-sets';
import type { ModelData } from '../../shared/data/model-data';
import { splitModelData } from '../../shared/data/split';
import type { DataDir } from '../../shared/experiment/data-path';
import { isModelData, isRealSet } from '../../shared/experiment/model-data-schema';
import { DataError } from '../engine/loss/data-error';
import { readCsvExamples, testRows } from './csv-examples';
import { drawRealSet } from './real-sets';

/** What of an experiment its model's data depends on. */
export interface ModelDataSource {
  seed: number;
  loss: { data?: object; model?: { output: string } };
}

/** A model's data and, for a CSV, the SHA-256 of the bytes read (for the recording's spec, SPEC §9). */
export interface LoadedModelData extends ModelData {
  sha256?: string;
}

/**
 * The training and test examples of `spec`'s model, with the standardization used (null when not
 * standardized). A relative CSV path starts at `baseDir` (confined for a view's root). Throws
 * `DataError` for a file that cannot be read or a target that does not fit the model's output.
 */
export async function modelData(spec: ModelDataSource, baseDir: DataDir): Promise<LoadedModelData> {
  const data = spec.loss.data;
  if (!data || !isModelData(data)) throw new DataError('loss.data: a model needs a data set or a CSV', '');
  if ('csv' in data) {
    const { all, sha256 } = await readCsvExamples(data, spec.loss.model?.output ?? 'linear', baseDir);
    const test = testRows(data.test, all.count);
    if (test >= all.count)
      throw new DataError(
        `${data.csv}: test holds ${test} of its ${all.count} rows and leaves none to train on`,
        data.csv,
      );
    return { ...splitModelData(all, all.count - test, test, data.standardize), sha256 };
  }
  if (isRealSet(data))
    return splitModelData(drawRealSet(data.dataset, data.n + data.test), data.n, data.test, data.standardize);
  return splitModelData(drawGeneratedSet(data, spec.seed), data.n, data.test, data.standardize);
}
