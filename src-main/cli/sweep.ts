/**
 * `sgd-lab sweep FILE.sweep.json --out DIR [--shard K/N] [--backend NAME]` (SPEC §10, §12): runs a
 * grid of experiments into DIR/sweep.csv, resumable, with a progress line on stderr.
 * Exit 0 done, 2 usage or an invalid sweep (every problem by path or by cell), 1 anything else.
 */
import { totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssue, type SpecIssue } from '../../shared/experiment/issues';
import { machineBudget } from '../../shared/experiment/budget';
import { isBackendName } from '../engine/backend';
import { DataError } from '../engine/loss/loss-data';
import { parseShard, type Shard } from '../sweep/sweep-manifest';
import { BACKEND_NAMES, integerOption, UsageError } from './args';
import { runSweep, SWEEP_CSV, SweepFolderError } from '../sweep/sweep-run';
import { loadSweep } from '../sweep/sweep-file';

const USAGE = `usage: sgd-lab sweep FILE.sweep.json --out DIR [--shard K/N] [--backend ${BACKEND_NAMES}] [--threads N] [--no-budget]`;

/** At most this many problems are listed (a bad field repeats in every cell). */
const MAX_LISTED = 30;

function usage(message: string): number {
  process.stderr.write(`sgd-lab sweep: ${message}\n${USAGE}\n`);
  return 2;
}

function invalid(file: string, issues: SpecIssue[]): number {
  const listed = issues.slice(0, MAX_LISTED).map((i) => `  ${formatIssue(i)}`);
  if (issues.length > MAX_LISTED) listed.push(`  … and ${issues.length - MAX_LISTED} more`);
  process.stderr.write(`${file} is invalid:\n${listed.join('\n')}\n`);
  return 2;
}

export async function sweepCommand(args: string[]): Promise<number> {
  let values: { out?: string; shard?: string; backend?: string; threads?: string; 'no-budget'?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        shard: { type: 'string' },
        backend: { type: 'string' },
        threads: { type: 'string' },
        'no-budget': { type: 'boolean' },
      },
      allowPositionals: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (positionals.length !== 1) return usage(positionals.length === 0 ? 'missing FILE' : 'one sweep file at a time');
  if (!values.out) return usage('missing --out DIR');
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    const s = parseShard(values.shard);
    if (typeof s === 'string') return usage(s);
    shard = s;
  }
  const backend = values.backend;
  if (backend !== undefined && backend !== 'auto' && !isBackendName(backend))
    return usage(`unknown backend ${backend}`);
  let threads: number | undefined;
  try {
    if (values.threads !== undefined) threads = integerOption('--threads', values.threads, 1, 1024);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }

  const file = positionals[0]!;
  const loaded = await loadSweep(file, { budget: values['no-budget'] ? false : machineBudget(totalmem()) });
  if ('issues' in loaded) return invalid(file, loaded.issues);

  const tty = process.stderr.isTTY;
  try {
    const result = await runSweep(loaded, {
      out: values.out,
      ...(shard ? { shard } : {}),
      ...(backend ? { backend: backend as 'auto' } : {}),
      ...(threads !== undefined ? { threads } : {}),
      onProgress: (line) => process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`),
    });
    if (tty && result.ran > 0) process.stderr.write('\n');
    const part = shard ? ` (shard ${shard.index}/${shard.count} of ${loaded.total})` : '';
    process.stdout.write(
      `${result.cells} cells${part}: ${result.ran} run, ${result.skipped} already done; ` +
        `wrote ${path.join(values.out, SWEEP_CSV)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DataError) return invalid(file, [{ path: 'experiment.loss.data', message: error.message }]);
    if (error instanceof SweepFolderError) {
      process.stderr.write(`sgd-lab sweep: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
