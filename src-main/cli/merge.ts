/**
 * `sgd-lab merge DIR… --out DIR` (SPEC §10, §12): joins the shards of one sweep into DIR/sweep.csv,
 * identical byte for byte to an unsharded run. Exit 0 done, 2 usage, 1 when the folders are not
 * shards of one sweep or do not cover it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MergeError, mergeSweeps } from '../sweep/sweep-merge';

const USAGE = 'usage: sgd-lab merge DIR… --out DIR';

export async function mergeCommand(args: string[]): Promise<number> {
  let values: { out?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true }));
  } catch (error) {
    process.stderr.write(`sgd-lab merge: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (positionals.length === 0 || !values.out) {
    process.stderr.write(`sgd-lab merge: ${values.out ? 'missing DIR…' : 'missing --out DIR'}\n${USAGE}\n`);
    return 2;
  }
  try {
    const { cells, rows } = await mergeSweeps(positionals, values.out);
    process.stdout.write(
      `merged ${positionals.length} folder${positionals.length > 1 ? 's' : ''}: ${cells} cells, ${rows} rows; wrote ${path.join(values.out, 'sweep.csv')}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof MergeError) {
      process.stderr.write(`sgd-lab merge: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
