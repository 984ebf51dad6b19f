/**
 * The lab host's data root (shared/experiment/data-path.ts): every experiment a view sends — `load`,
 * `surface`, `sweep`, from the browser or the Electron window — reads its data confined to the folder
 * of the experiment the user opened, plus the file that experiment (or a recording given on the command
 * line) names itself. The reader (files/data-file.ts) enforces it wherever data are read; this refuses
 * a path that leaves the folder before any worker starts, with the field in the message.
 */
import type { CommandSchema, Reply } from '../../shared/contract/lab';
import { csvPathOf, type DataRoot } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import { dataPathProblem, readDataFile, resolveDataPath } from '../files/data-file';
import { relativeToRecording, withDataHash } from '../files/data-reference';
import { sweepCsvPaths } from '../sweep/sweep-paths';

/**
 * The root for a folder `dir`, confined; `trusted` is an experiment (as written) the user named
 * themselves, whose data file stays readable wherever it is.
 */
export function viewRoot(dir: string, trusted?: unknown): DataRoot {
  const csv = trusted === undefined ? undefined : csvPathOf(trusted);
  return { dir, confined: true, ...(typeof csv === 'string' ? { allowed: [resolveDataPath(csv, dir)] } : {}) };
}

/** The error reply for a command whose data path the root does not allow, or undefined. */
export function dataRefusal(command: ReturnType<typeof CommandSchema.parse>, root: DataRoot): Reply | undefined {
  const [what, paths] =
    command.type === 'sweep'
      ? ['sweep', sweepCsvPaths(command.grid)]
      : command.type === 'load' ||
          command.type === 'surface' ||
          command.type === 'modelData' ||
          command.type === 'plane' ||
          command.type === 'interpolate'
        ? ['experiment', [csvPathOf(command.spec)]]
        : ['', []];
  for (const csv of paths) {
    const problem = typeof csv === 'string' ? dataPathProblem(csv, root) : undefined;
    if (problem) return { ok: false, error: `invalid ${what}:\nloss.data.csv: ${problem}` };
  }
  return undefined;
}

/**
 * `spec` as a recording saved in folder `recordingDir` stores it (SPEC §9): its CSV (read from `root`)
 * written relative to that folder and pinned by the SHA-256 of the file's bytes now. Throws `DataError`
 * for a file that cannot be read or has changed from a hash the spec already carries.
 */
export async function recordedSpec(spec: Experiment, root: DataRoot, recordingDir: string): Promise<Experiment> {
  const data = spec.loss.data;
  if (!data || !('csv' in data)) return spec;
  const file = await readDataFile(data.csv, root, data.sha256 !== undefined ? { sha256: data.sha256 } : {});
  return relativeToRecording(withDataHash(spec, file.sha256), root.dir, recordingDir);
}
