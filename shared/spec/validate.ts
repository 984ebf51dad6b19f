/**
 * The one entry point for checking an experiment file: `normalizeExperiment` with the formula
 * language's checks wired in (loss formula and `expr` schedules).
 */
import { formulaIssues } from '../formula/hook';
import { MAX_JSON_DEPTH, tooDeep } from './json';
import { normalizeExperiment, type NormalizeResult } from './normalize';

/** Whether the raw input's loss reads its data from a CSV file (columns known only at load time). */
function usesCsv(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const loss = (input as { loss?: unknown }).loss;
  if (typeof loss !== 'object' || loss === null) return false;
  const data = (loss as { data?: unknown }).data;
  return typeof data === 'object' && data !== null && 'csv' in data;
}

/** Validates and normalizes an experiment; every problem listed by its path, formulas by column. */
export function validateExperiment(input: unknown): NormalizeResult {
  // Checked before the schema walks it: no input can be deep enough to overflow the stack.
  const deep = tooDeep(input);
  if (deep !== undefined)
    return { ok: false, issues: [{ path: deep, message: `nested more than ${MAX_JSON_DEPTH} levels deep` }] };
  const csv = usesCsv(input);
  return normalizeExperiment(input, {
    // With CSV data any other plain name is taken as a column; loading the file checks it exists.
    checkFormula: (expr, names, path) => formulaIssues(expr, names, path, { anyDataVar: csv && path === 'loss.expr' }),
  });
}
