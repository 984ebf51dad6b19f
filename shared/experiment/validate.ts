/**
 * The one entry point for checking an experiment file: `normalizeExperiment` with the formula
 * language's checks wired in (loss formula and `expr` schedules).
 */
import { formulaIssues } from '../formula/hook';
import { budgetIssues, DEFAULT_BUDGET, type BudgetLimits } from './budget';
import { MAX_JSON_DEPTH, tooDeep } from './json';
import { normalizeExperiment, type NormalizeResult } from './normalize';
import { reservedColumnIssues, reservedNameIssues } from './reserved-names';

/** Whether the raw input's loss reads its data from a CSV file (columns known only at load time). */
function usesCsv(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const loss = (input as { loss?: unknown }).loss;
  if (typeof loss !== 'object' || loss === null) return false;
  const data = (loss as { data?: unknown }).data;
  return typeof data === 'object' && data !== null && 'csv' in data;
}

export interface ValidateOptions {
  /** The limits an experiment must fit, or false for none (`--no-budget`); default `defaultBudget()`. */
  budget?: BudgetLimits | false;
  /** The size of the CSV file the loss reads, when known (counts towards the budget). */
  csvBytes?: number;
}

let processBudget: BudgetLimits | false = DEFAULT_BUDGET;

/** Sets the limits every later validation in this process uses by default (the command line: the machine's, or none). */
export function setDefaultBudget(limits: BudgetLimits | false): void {
  processBudget = limits;
}

export function defaultBudget(): BudgetLimits | false {
  return processBudget;
}

/**
 * Validates and normalizes an experiment; every problem listed by its path, formulas by column; then
 * checks it against the budget (issue 12), so nothing that exceeds the machine starts.
 */
export function validateExperiment(input: unknown, options: ValidateOptions = {}): NormalizeResult {
  // Checked before the schema walks it: no input can be deep enough to overflow the stack.
  const deep = tooDeep(input);
  if (deep !== undefined)
    return { ok: false, issues: [{ path: deep, message: `nested more than ${MAX_JSON_DEPTH} levels deep` }] };
  const reserved = reservedNameIssues(input);
  if (reserved.length > 0) return { ok: false, issues: reserved };
  const csv = usesCsv(input);
  const result = normalizeExperiment(input, {
    // With CSV data any other plain name is taken as a column; loading the file checks it exists.
    checkFormula: (expr, names, path) => formulaIssues(expr, names, path, { anyDataVar: csv && path === 'loss.expr' }),
  });
  if (result.ok && csv && !result.experiment.loss.model) {
    const columns = reservedColumnIssues(result.experiment.loss.expr, result.experiment.loss.params);
    if (columns.length > 0) return { ok: false, issues: columns };
  }
  const limits = options.budget ?? processBudget;
  if (!result.ok || limits === false) return result;
  const over = budgetIssues(result.experiment, limits, options.csvBytes);
  return over.length > 0 ? { ok: false, issues: over } : result;
}
