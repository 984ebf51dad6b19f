/**
 * Where a data file (`loss.data.csv`) may be read from when the experiment came from a view (the
 * browser lab and the Electron window alike): only inside the folder of the experiment the user opened,
 * or a file the user named themselves (the experiment or recording given on the command line or chosen
 * in a dialog). Absolute paths and `..` are refused before anything is read. (The command line keeps
 * SPEC's absolute paths: there the user owns the files.) The reader that enforces it for every command
 * is src-main/files/data-file.ts.
 */

/** Where relative data paths start, and whether reads are confined to that folder. */
export interface DataRoot {
  /** The folder relative paths start from. */
  dir: string;
  /** Only files inside `dir` (or in `allowed`) may be read: every experiment that came from a view. */
  confined: boolean;
  /** Absolute paths the user named themselves, readable even outside `dir` (confined roots only). */
  allowed?: string[];
}

/** A folder as the command line gives it (unconfined), or a root with its rules. */
export type DataDir = string | DataRoot;

/** `dir` as a root: a bare folder is the command line's, unconfined. */
export function dataRootOf(dir: DataDir): DataRoot {
  return typeof dir === 'string' ? { dir, confined: false } : dir;
}

/** Why `file` may not be read by a view, or undefined when it stays inside the experiment's folder. */
export function confinedPathProblem(file: string): string | undefined {
  if (file.includes('\0')) return 'must not contain a NUL character';
  if (/^([/\\]|[A-Za-z]:)/.test(file)) return 'must be relative to the experiment file in the lab (no absolute path)';
  if (file.split(/[/\\]/).some((part) => part === '..'))
    return 'must stay in the folder of the experiment file in the lab (no ..)';
  return undefined;
}

/** The `loss.data.csv` of a raw experiment (as sent, before validation), if it names one. */
export function csvPathOf(spec: unknown): unknown {
  const loss = typeof spec === 'object' && spec !== null ? (spec as { loss?: unknown }).loss : undefined;
  const data = typeof loss === 'object' && loss !== null ? (loss as { data?: unknown }).data : undefined;
  return typeof data === 'object' && data !== null ? (data as { csv?: unknown }).csv : undefined;
}
