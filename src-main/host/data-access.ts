/**
 * The lab host's data root (shared/spec/data-path.ts): every experiment a view sends — `load`,
 * `surface`, `sweep`, from the browser or the Electron window — reads its data confined to the folder
 * of the experiment the user opened, plus the file that experiment (or a recording given on the command
 * line) names itself. The reader (files/data-file.ts) enforces it wherever data are read; this refuses
 * a path that leaves the folder before any worker starts, with the field in the message.
 */
import type { CommandSchema, Reply } from '../../shared/contract/lab';
import { csvPathOf, type DataRoot } from '../../shared/spec/data-path';
import { dataPathProblem, resolveDataPath } from '../files/data-file';
import { sweepCsvPaths } from './sweep-paths';

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
      : command.type === 'load' || command.type === 'surface'
        ? ['experiment', [csvPathOf(command.spec)]]
        : ['', []];
  for (const csv of paths) {
    const problem = typeof csv === 'string' ? dataPathProblem(csv, root) : undefined;
    if (problem) return { ok: false, error: `invalid ${what}:\nloss.data.csv: ${problem}` };
  }
  return undefined;
}
