/**
 * Where a data file (`loss.data.csv`) may be read from when the experiment came from a browser (serve
 * mode): only inside the folder of the experiment the user opened. Absolute paths and `..` are refused
 * before anything is read. (The command line keeps SPEC's absolute paths: there the user owns the files.)
 */

/** Why `file` may not be read in serve mode, or undefined when it stays inside the experiment's folder. */
export function confinedPathProblem(file: string): string | undefined {
  if (file.includes('\0')) return 'must not contain a NUL character';
  if (/^([/\\]|[A-Za-z]:)/.test(file))
    return 'must be relative to the experiment file in the browser lab (no absolute path)';
  if (file.split(/[/\\]/).some((part) => part === '..'))
    return 'must stay in the folder of the experiment file in the browser lab (no ..)';
  return undefined;
}

/** The `loss.data.csv` of a raw experiment (as sent, before validation), if it names one. */
export function csvPathOf(spec: unknown): unknown {
  const loss = typeof spec === 'object' && spec !== null ? (spec as { loss?: unknown }).loss : undefined;
  const data = typeof loss === 'object' && loss !== null ? (loss as { data?: unknown }).data : undefined;
  return typeof data === 'object' && data !== null ? (data as { csv?: unknown }).csv : undefined;
}
