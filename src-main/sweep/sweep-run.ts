/**
 * Running a sweep's cells into `DIR/sweep.csv` (SPEC §12): the cells of this shard in order, each
 * cell's rows appended (and synced) when it finishes, cells already in the file skipped, a progress
 * line after each cell. Cells are independent and seeded, so any split into shards gives the same rows.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackendName } from '../engine/api';
import { runExperiment } from '../engine/experiment-runner';
import { defaultBurnIn } from '../../shared/theory/moments';
import { appendDurable, writeFileAtomic } from '../files/durable';
import { cellRows, headerLine, rowsByCell } from './sweep-csv';
import { readManifest, writeManifest, type Manifest, type Shard } from './sweep-manifest';
import type { LoadedSweep } from './sweep-file';
import { makeDirs } from '../files/make-dirs';

export const SWEEP_CSV = 'sweep.csv';

export interface SweepRunOptions {
  out: string;
  shard?: Shard;
  backend?: BackendName | 'auto';
  /** Worker threads for each cell (never changes a byte of the output). */
  threads?: number;
  /** A progress line (no line break). */
  onProgress?: (line: string) => void;
}

export interface SweepRunResult {
  /** Cells of this shard. */
  cells: number;
  /** Cells found already done in the folder. */
  skipped: number;
  /** Cells run now. */
  ran: number;
}

/** Thrown when the folder belongs to another sweep or shard. */
export class SweepFolderError extends Error {}

/** The manifest this sweep (and shard) writes. */
export function manifestOf(loaded: LoadedSweep, shard: Shard | undefined): Manifest {
  return {
    format: 'sgd-lab/sweep-manifest',
    version: 1,
    sweep: loaded.hash,
    cells: loaded.total,
    runs: Array.from(loaded.runs),
    header: headerLine(loaded.sweep.vary.map((v) => v.path)),
    shard: shard ?? null,
  };
}

function seconds(s: number): string {
  if (s < 90) return `${s.toFixed(1)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * The cells already complete in an existing sweep.csv; rewrites the file without a partial last line
 * or incomplete cells (so the file stays valid CSV) and in cell order.
 */
async function resume(csv: string, manifest: Manifest): Promise<Set<number>> {
  let text: string;
  try {
    text = await readFile(csv, 'utf8');
  } catch {
    await writeFileAtomic(csv, manifest.header);
    return new Set();
  }
  const columns = manifest.header.split(',').length;
  const { header, cells, dropped } = rowsByCell(text, columns);
  if (header !== undefined && header !== manifest.header)
    throw new SweepFolderError(`${csv} has other columns than this sweep`);
  const done = [...cells.entries()]
    .filter(([cell, rows]) => rows.length === manifest.runs[cell])
    .sort(([a], [b]) => a - b);
  const rebuilt = manifest.header + done.map(([, rows]) => rows.join('')).join('');
  if (dropped || rebuilt !== text) await writeFileAtomic(csv, rebuilt);
  return new Set(done.map(([cell]) => cell));
}

export async function runSweep(loaded: LoadedSweep, opts: SweepRunOptions): Promise<SweepRunResult> {
  await makeDirs(opts.out);
  const manifest = manifestOf(loaded, opts.shard);
  const existing = await readManifest(opts.out);
  if (typeof existing === 'string') throw new SweepFolderError(existing);
  const csv = path.join(opts.out, SWEEP_CSV);
  if (existing) {
    if (existing.sweep !== manifest.sweep || existing.header !== manifest.header)
      throw new SweepFolderError(`${opts.out} holds another sweep: use another --out`);
    const a = existing.shard;
    const b = manifest.shard;
    if ((a === null) !== (b === null) || (a && b && (a.index !== b.index || a.count !== b.count)))
      throw new SweepFolderError(
        `${opts.out} holds ${a ? `shard ${a.index}/${a.count}` : 'the whole sweep'}, not ${b ? `shard ${b.index}/${b.count}` : 'the whole sweep'}: use another --out`,
      );
  } else {
    try {
      await readFile(csv);
      throw new SweepFolderError(`${csv} exists but ${opts.out} has no sweep manifest: use another --out`);
    } catch (error) {
      if (error instanceof SweepFolderError) throw error;
    }
    await writeManifest(opts.out, manifest);
  }
  const done = await resume(csv, manifest);

  // This shard's cells not yet done, by index; each cell is made when its turn comes.
  const shard = opts.shard ?? { index: 0, count: 1 };
  const mine = shard.index < loaded.total ? Math.ceil((loaded.total - shard.index) / shard.count) : 0;
  const todo: number[] = [];
  for (let index = shard.index; index < loaded.total; index += shard.count) if (!done.has(index)) todo.push(index);
  const skipped = mine - todo.length;
  const started = performance.now();
  let ran = 0;
  for (const index of todo) {
    const cell = loaded.cell(index);
    const recording = await runExperiment(cell.experiment, {
      baseDir: loaded.baseDir,
      ...(opts.backend ? { backend: opts.backend } : {}),
      ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    });
    const burnIn = loaded.sweep.burnIn ?? defaultBurnIn(cell.experiment.steps);
    await appendDurable(csv, cellRows(cell.index, cell.values, recording, burnIn));
    ran++;
    const elapsed = (performance.now() - started) / 1000;
    const left = (elapsed / ran) * (todo.length - ran);
    opts.onProgress?.(
      `sweep: ${skipped + ran}/${mine} cells done (cell ${cell.index}), ` +
        `${seconds(elapsed)} elapsed, ${ran === todo.length ? 'finished' : `about ${seconds(left)} left`}`,
    );
  }
  return { cells: mine, skipped, ran };
}
