/**
 * A recording's reference to its data file (SPEC §9): the CSV path written relative to the recording's
 * own folder, with the SHA-256 of the bytes the run read beside it, so that `analyze` and a replay find
 * the file from any working folder and refuse one that has changed since.
 */
import path from 'node:path';
import { csvPathOf } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import { DataError } from '../engine/loss/data-error';
import { readDataFile, resolveDataPath, type DataFile } from './data-file';

/**
 * The data file a raw experiment (as written, before validation) names, read from `baseDir` (checked
 * against its `sha256` when it has one); undefined when it names none; a `DataError` when it cannot be read.
 */
export async function experimentDataFile(input: unknown, baseDir: string): Promise<DataFile | DataError | undefined> {
  const csv = csvPathOf(input);
  if (typeof csv !== 'string' || csv === '') return undefined;
  const sha256 = (input as { loss: { data: { sha256?: unknown } } }).loss.data.sha256;
  try {
    return await readDataFile(csv, baseDir, typeof sha256 === 'string' ? { sha256 } : {});
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
}

/** `experiment` with its CSV pinned to the bytes that were read: the loader refuses any others. */
export function withDataHash(experiment: Experiment, sha256: string): Experiment {
  const data = experiment.loss.data;
  if (!data || !('csv' in data)) return experiment;
  return { ...experiment, loss: { ...experiment.loss, data: { ...data, sha256 } } };
}

/**
 * `experiment` as a recording in folder `recordingDir` stores it: a CSV path read from `baseDir` is
 * rewritten relative to `recordingDir` (with `/` between folders, on every system).
 */
export function relativeToRecording(experiment: Experiment, baseDir: string, recordingDir: string): Experiment {
  const data = experiment.loss.data;
  if (!data || !('csv' in data)) return experiment;
  const relative = path.relative(path.resolve(recordingDir), resolveDataPath(data.csv, baseDir));
  return { ...experiment, loss: { ...experiment.loss, data: { ...data, csv: relative.split(path.sep).join('/') } } };
}
