/**
 * A sweep's grid checked without holding it (SPEC §12: every cell valid, an invalid one named by its
 * index and path, before anything runs). Cells are made one at a time from their index (first list
 * slowest). First each value of each list is checked once, in the first cell that has it (that
 * cell's other values are their lists' first): a bad value is named at once, in Σ n cells instead of
 * Π n (with the invalid cells among the first 10,000). Then one pass over every cell, each made, validated and dropped, checks what only a
 * combination of values can break (the budget, cross-field rules) and hashes the cells' normalized
 * experiments as it goes, so memory does not grow with the number of cells (but for the runs count
 * of each cell, 4 bytes a cell, which the manifest records).
 */
import { createHash } from 'node:crypto';
import type { SpecIssue } from '../../shared/experiment/issues';
import type { Experiment } from '../../shared/experiment/experiment';
import { validateExperiment, type ValidateOptions } from '../../shared/experiment/validate';
import { canonicalJson } from '../../shared/theory/canonical';
import { setField, type PathToken } from './sweep-fields';

/** Problems listed at most; the rest are counted in one last line. */
const MAX_ISSUES = 100;

/** One cell of the grid. */
export interface Cell {
  index: number;
  /** The value of each `vary` path in this cell, in the order of `vary`. */
  values: unknown[];
  experiment: Experiment;
}

/** What a grid needs: the base experiment as written, the lists, and the paths as tokens. */
export interface GridDef {
  base: unknown;
  vary: readonly { path: string; values: readonly unknown[] }[];
  paths: readonly PathToken[][];
  burnIn?: number | undefined;
  options: ValidateOptions;
}

/** Cells of the grid. */
export function cellCount(def: GridDef): number {
  return def.vary.reduce((n, v) => n * v.values.length, 1);
}

/** The index of each list's value in cell `index` (mixed radix, first list slowest). */
function picks(def: GridDef, index: number): number[] {
  const out = new Array<number>(def.vary.length);
  for (let j = def.vary.length - 1; j >= 0; j--) {
    const n = def.vary[j]!.values.length;
    out[j] = index % n;
    index = Math.floor(index / n);
  }
  return out;
}

/** Cell `index` validated: the cell, or its issues located as `cell 3 (path = value, …): field`. */
export function makeCell(def: GridDef, index: number): Cell | SpecIssue[] {
  const values = picks(def, index).map((k, j) => def.vary[j]!.values[k]);
  const input = structuredClone(def.base);
  const found: SpecIssue[] = [];
  values.forEach((value, j) => {
    const problem = setField(input, def.paths[j]!, value);
    if (problem) found.push({ path: def.vary[j]!.path, message: problem });
  });
  if (found.length === 0) {
    const result = validateExperiment(input, def.options);
    if (result.ok) return { index, values, experiment: result.experiment };
    found.push(...result.issues);
  }
  const setting = def.vary.map((v, j) => `${v.path} = ${JSON.stringify(values[j])}`).join(', ');
  return found.map((i) => ({ path: `cell ${index}${setting ? ` (${setting})` : ''}: ${i.path}`, message: i.message }));
}

/** A checked grid: its hash (SHA-256 of its definition and every cell's normalized experiment) and runs per cell. */
export interface CheckedGrid {
  hash: string;
  runs: Int32Array;
}

/** Cells checked after a bad value is found, to list the other invalid cells near the start. */
const SCAN_AFTER_BAD_VALUE = 10_000;

/** Checks every cell (see the file's comment); the issues of the first invalid cells, or the grid's hash. */
export function checkGrid(def: GridDef): CheckedGrid | { issues: SpecIssue[] } {
  const total = cellCount(def);
  const invalid = new Map<number, SpecIssue[]>();
  let more = 0;
  const note = (index: number, cell: Cell | SpecIssue[]): cell is Cell => {
    if (!Array.isArray(cell)) return true;
    if (invalid.has(index)) return false;
    if (invalid.size < MAX_ISSUES) invalid.set(index, cell);
    else more++;
    return false;
  };
  // Each value once, in the first cell that has it: index k × (product of the later lists' sizes).
  const seen = new Set<number>();
  let stride = total;
  for (const v of def.vary) {
    stride /= v.values.length;
    for (let k = 0; k < v.values.length; k++) {
      const index = k * stride;
      if (!seen.has(index)) note(index, makeCell(def, index));
      seen.add(index);
    }
  }
  if (invalid.size > 0) {
    // A bad value: list the invalid cells among the first ones too, then stop.
    const scan = Math.min(total, SCAN_AFTER_BAD_VALUE);
    for (let index = 0; index < scan && invalid.size < MAX_ISSUES; index++)
      if (!seen.has(index)) note(index, makeCell(def, index));
    return { issues: listed(invalid, more) };
  }
  // Every cell, one at a time: combinations, and the hash.
  const hash = createHash('sha256');
  hash.update(`{"burnIn":${JSON.stringify(def.burnIn ?? null)},"cells":[`);
  const runs = new Int32Array(total);
  for (let index = 0; index < total; index++) {
    const cell = makeCell(def, index);
    if (!note(index, cell)) continue;
    runs[index] = cell.experiment.runs.length;
    if (invalid.size === 0) hash.update((index > 0 ? ',' : '') + canonicalJson(cell.experiment));
  }
  if (invalid.size > 0) return { issues: listed(invalid, more) };
  hash.update(`],"format":"sgd-lab/sweep","vary":${JSON.stringify(def.vary.map((v) => v.path))}}`);
  return { hash: hash.digest('hex'), runs };
}

/** The invalid cells' issues in cell order, and a last line for those not listed. */
function listed(invalid: Map<number, SpecIssue[]>, more: number): SpecIssue[] {
  const issues = [...invalid.entries()].sort(([a], [b]) => a - b).flatMap(([, list]) => list);
  return more > 0 ? [...issues, { path: 'vary', message: `and ${more} more invalid cells` }] : issues;
}
