/**
 * The sweep file (`*.sweep.json`, SPEC §12): its schema, the grid (the product of the `vary` lists,
 * first list slowest), and each cell's experiment — the base experiment with the cell's fields set by
 * path — validated like any experiment file before anything runs.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { formatPath, type SpecIssue } from '../../shared/spec/issues';
import type { Experiment } from '../../shared/spec/experiment';
import { parseJson } from '../../shared/spec/json';
import { validateExperiment, type ValidateOptions } from '../../shared/spec/validate';
import { canonicalJson } from '../../shared/theory/canonical';

/** Grids beyond this many cells are refused (each cell is validated up front). */
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

/** One cell of the grid. */
export interface Cell {
  index: number;
  /** The value of each `vary` path in this cell, in the order of `vary`. */
  values: unknown[];
  experiment: Experiment;
}

/** A sweep ready to run: every cell valid. */
export interface LoadedSweep {
  sweep: Sweep;
  /** Where relative paths in the experiment (csv) start. */
  baseDir: string;
  cells: Cell[];
  /** Identifies the sweep: a SHA-256 of its definition and of every cell's normalized experiment. */
  hash: string;
}

type PathToken = string | number;

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** `runs[0].optimizer.lr` → ['runs', 0, 'optimizer', 'lr']; a string says what is wrong. */
export function parseFieldPath(text: string): PathToken[] | string {
  const tokens: PathToken[] = [];
  const re = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\])/;
  let rest = text;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m || (tokens.length === 0 && m[0].startsWith('.'))) return `cannot read the path ${text}`;
    if (m[1] !== undefined) {
      if (FORBIDDEN_KEYS.has(m[1])) return `${m[1]} cannot be set`;
      tokens.push(m[1]);
    } else tokens.push(Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  return tokens.length === 0 ? `cannot read the path ${text}` : tokens;
}

/** Sets a field in a (cloned) JSON tree; missing objects on the way are created, arrays are not grown. */
export function setField(root: unknown, tokens: PathToken[], value: unknown): string | undefined {
  let cur = root;
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i]!;
    const where = formatPath(tokens.slice(0, i)) || 'the experiment';
    const last = i === tokens.length - 1;
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return `${where} is not a list`;
      if (key >= cur.length) return `${where} has no element [${key}]`;
    } else if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return `${where} is not an object`;
    const holder = cur as Record<PathToken, unknown>;
    if (last) holder[key] = structuredClone(value);
    else {
      if (holder[key] === undefined && typeof tokens[i + 1] === 'string') holder[key] = {};
      cur = holder[key];
    }
  }
  return undefined;
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

  const cells: Cell[] = [];
  gridIndices(sweep.vary.map((v) => v.values.length)).forEach((picks, index) => {
    const values = picks.map((k, j) => sweep.vary[j]!.values[k]);
    const input = structuredClone(base);
    const cellIssues: SpecIssue[] = [];
    values.forEach((value, j) => {
      const problem = setField(input, paths[j] as PathToken[], value);
      if (problem) cellIssues.push({ path: sweep.vary[j]!.path, message: problem });
    });
    if (cellIssues.length === 0) {
      const result = validateExperiment(input, options);
      if (result.ok) cells.push({ index, values, experiment: result.experiment });
      else cellIssues.push(...result.issues);
    }
    const setting = sweep.vary.map((v, j) => `${v.path} = ${JSON.stringify(values[j])}`).join(', ');
    for (const i of cellIssues)
      issues.push({ path: `cell ${index}${setting ? ` (${setting})` : ''}: ${i.path}`, message: i.message });
  });
  if (issues.length > 0) return { issues };
  return { sweep, baseDir, cells, hash: sweepHash(sweep, cells) };
}

/** SHA-256 of the sweep's definition and every cell's normalized experiment. */
function sweepHash(sweep: Sweep, cells: readonly Cell[]): string {
  const text = canonicalJson({
    format: 'sgd-lab/sweep',
    vary: sweep.vary.map((v) => v.path),
    burnIn: sweep.burnIn ?? null,
    cells: cells.map((c) => c.experiment),
  });
  return sha256(text);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
