/**
 * The sweep file (`*.sweep.json`, SPEC §12): its schema, the grid (the product of the `vary` lists,
 * first list slowest), and each cell's experiment — the base experiment with the cell's fields set by
 * path — validated like any experiment file before anything runs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { formatPath, type SpecIssue } from '../../shared/experiment/issues';
import { parseJson } from '../../shared/experiment/json';
import type { ValidateOptions } from '../../shared/experiment/validate';
import { cellCount, checkGrid, makeCell, type Cell, type GridDef } from './sweep-grid';
import { parseFieldPath, type PathToken } from './sweep-fields';

export type { Cell };
export { parseFieldPath, setField } from './sweep-fields';

/** Grids beyond this many cells are refused (each cell is validated up front, one at a time). */
export const MAX_CELLS = 1_000_000;

export const SweepSchema = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  version: z.literal(1, { error: 'must be 1' }).default(1),
  experiment: z.union([z.string().min(1, { error: 'must name a file' }), z.record(z.string(), z.unknown())], {
    error: 'must be a file path or an inline experiment',
  }),
  vary: z.array(
    z.strictObject({
      path: z.string().min(1, { error: 'must not be empty' }),
      values: z.array(z.unknown()).min(1, { error: 'needs at least one value' }),
    }),
  ),
  burnIn: z.number().int({ error: 'must be an integer' }).min(0, { error: 'must be ≥ 0' }).optional(),
});
export type Sweep = z.output<typeof SweepSchema>;

/** A sweep whose every cell is valid, its cells made one at a time (`sweep-grid.ts`). */
export interface LoadedSweep {
  sweep: Sweep;
  /** Where relative paths in the experiment (csv) start. */
  baseDir: string;
  /** Cells of the grid. */
  total: number;
  /** Cell `index` (0 ≤ index < total), made and validated again. */
  cell(index: number): Cell;
  /** Runs (rows) of each cell. */
  runs: Int32Array;
  /** Identifies the sweep: a SHA-256 of its definition and of every cell's normalized experiment. */
  hash: string;
}

/** The grid's cells as value indices, first list slowest. */
export function gridIndices(sizes: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) out = out.flatMap((prefix) => Array.from({ length: n }, (_, k) => [...prefix, k]));
  return out;
}

/**
 * Reads a sweep file, expands and validates its grid (`options`: the budget each cell must fit).
 * Issues are located by path or by cell.
 */
export async function loadSweep(
  file: string,
  options: ValidateOptions = {},
): Promise<LoadedSweep | { issues: SpecIssue[] }> {
  const text = await readFile(file, 'utf8');
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (error) {
    return { issues: [{ path: '', message: (error as Error).message }] };
  }
  const parsed = SweepSchema.safeParse(raw);
  if (!parsed.success)
    return { issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const sweep = parsed.data;
  const sweepDir = path.dirname(path.resolve(file));
  let base: unknown = sweep.experiment;
  let baseDir = sweepDir;
  if (typeof sweep.experiment === 'string') {
    const expFile = path.resolve(sweepDir, sweep.experiment);
    try {
      base = parseJson(await readFile(expFile, 'utf8'));
    } catch (error) {
      return { issues: [{ path: 'experiment', message: `${sweep.experiment}: ${(error as Error).message}` }] };
    }
    baseDir = path.dirname(expFile);
  }
  return expandSweep(sweep, base, baseDir, options);
}

/** Expands a parsed sweep over a base experiment (as a user wrote it) into validated cells. */
export function expandSweep(
  sweep: Sweep,
  base: unknown,
  baseDir: string,
  options: ValidateOptions = {},
): LoadedSweep | { issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const paths = sweep.vary.map((v, i) => {
    const tokens = parseFieldPath(v.path);
    if (typeof tokens === 'string') issues.push({ path: `vary[${i}].path`, message: tokens });
    if (sweep.vary.findIndex((w) => w.path === v.path) < i)
      issues.push({ path: `vary[${i}].path`, message: `${v.path} is varied twice` });
    return tokens;
  });
  const total = sweep.vary.reduce((n, v) => n * v.values.length, 1);
  if (total > MAX_CELLS) issues.push({ path: 'vary', message: `${total} cells: at most ${MAX_CELLS}` });
  if (issues.length > 0) return { issues };

  const def: GridDef = { base, vary: sweep.vary, paths: paths as PathToken[][], burnIn: sweep.burnIn, options };
  const checked = checkGrid(def);
  if ('issues' in checked) return checked;
  const cell = (index: number): Cell => {
    const made = makeCell(def, index);
    if (Array.isArray(made)) throw new Error(made.map((i) => `${i.path}: ${i.message}`).join('; '));
    return made;
  };
  return { sweep, baseDir, total: cellCount(def), cell, runs: checked.runs, hash: checked.hash };
}
