/**
 * Joining a sweep's shards (SPEC §12): every folder must hold the same sweep (same hash and header in
 * its manifest) and together they must cover every cell; the merged sweep.csv is the header and each
 * cell's rows in cell order, byte for byte what one unsharded run writes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/durable';
import { rowsByCell } from './sweep-csv';
import { readManifest, writeManifest, type Manifest } from './sweep-manifest';
import { SWEEP_CSV } from './sweep-run';
import { makeDirs } from '../files/make-dirs';

/** Thrown when the folders are not shards of one sweep or leave cells out. */
export class MergeError extends Error {}

/** Lists numbers compactly: `3, 7, 8 … (12 in all)`. */
function list(cells: number[]): string {
  const shown = cells.slice(0, 10).join(', ');
  return cells.length > 10 ? `${shown} … (${cells.length} in all)` : shown;
}

export async function mergeSweeps(dirs: readonly string[], out: string): Promise<{ cells: number; rows: number }> {
  let first: { dir: string; manifest: Manifest } | undefined;
  const rows = new Map<number, string[]>();
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    if (manifest === undefined) throw new MergeError(`${dir} is not a sweep folder (no sweep manifest)`);
    if (typeof manifest === 'string') throw new MergeError(manifest);
    if (!first) first = { dir, manifest };
    else if (manifest.sweep !== first.manifest.sweep || manifest.header !== first.manifest.header)
      throw new MergeError(`${dir} holds another sweep than ${first.dir}`);
    let text: string;
    try {
      text = await readFile(path.join(dir, SWEEP_CSV), 'utf8');
    } catch {
      throw new MergeError(`${dir} has no ${SWEEP_CSV}`);
    }
    const { header, cells } = rowsByCell(text, manifest.header.split(',').length);
    if (header !== undefined && header !== manifest.header) throw new MergeError(`${dir}/${SWEEP_CSV}: other columns`);
    for (const [cell, cellRows] of cells) {
      if (cell >= manifest.cells || cellRows.length !== manifest.runs[cell]) continue; // incomplete: not done
      const seen = rows.get(cell);
      if (seen && seen.join('') !== cellRows.join(''))
        throw new MergeError(`cell ${cell} differs between shards (another backend or version?)`);
      rows.set(cell, cellRows);
    }
  }
  if (!first) throw new MergeError('no folders to merge');
  const { manifest } = first;
  const missing: number[] = [];
  for (let cell = 0; cell < manifest.cells; cell++) if (!rows.has(cell)) missing.push(cell);
  if (missing.length > 0) throw new MergeError(`the shards do not cover the sweep: cells ${list(missing)} missing`);

  await makeDirs(out);
  await writeManifest(out, { ...manifest, shard: null });
  let text = manifest.header;
  let count = 0;
  for (let cell = 0; cell < manifest.cells; cell++) {
    const cellRows = rows.get(cell)!;
    text += cellRows.join('');
    count += cellRows.length;
  }
  await writeFileAtomic(path.join(out, SWEEP_CSV), text);
  return { cells: manifest.cells, rows: count };
}
