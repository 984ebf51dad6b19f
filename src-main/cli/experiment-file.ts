/**
 * Reading an experiment file for a CLI command: the text read and parsed as JSON, with the command's
 * message for a file that cannot be read (exit 1) and the file's issues for one that is not JSON
 * or not valid (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { formatIssue, type SpecIssue } from '../../shared/experiment/issues';
import { parseJson } from '../../shared/experiment/json';

/** Prints the issues of an invalid experiment file, one a line; returns the exit code 2. */
export function invalid(file: string, issues: SpecIssue[]): number {
  process.stderr.write(`${file} is invalid:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
  return 2;
}

/** The parsed JSON of `file` as `{ input }`, or the exit code after saying why there is none. */
export async function readExperimentJson(command: string, file: string): Promise<{ input: unknown } | number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`sgd-lab ${command}: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    return { input: parseJson(text) };
  } catch (error) {
    return invalid(file, [{ path: '', message: (error as Error).message }]);
  }
}
