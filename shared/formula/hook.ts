/** The formula check in the form `normalizeExperiment` wants: spec issues located by path and column. */
import type { SpecIssue } from '../experiment/issues';
import { formatProblem, type FormulaProblem } from './errors';
import { checkFormula, type FormulaNames, type ParseOptions } from './parse';

/**
 * The last formulas checked, by text, names and options: a sweep validates the same formula in every
 * cell (up to 10⁶), which would otherwise parse it each time. Bounded, oldest dropped first.
 */
const recent = new Map<string, FormulaProblem[]>();
const RECENT = 64;

function checkRecent(expr: string, names: FormulaNames, options: ParseOptions): FormulaProblem[] {
  const key = JSON.stringify([expr, names.params, names.dataVars, options.anyDataVar === true]);
  let problems = recent.get(key);
  if (!problems) {
    problems = checkFormula(expr, names, options);
    if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
    recent.set(key, problems);
  }
  return problems;
}

/** `(expr, names, path) => SpecIssue[]`, each message `column 9: unknown variable z (…)`. */
export function formulaIssues(
  expr: string,
  names: FormulaNames,
  path: string,
  options: ParseOptions = {},
): SpecIssue[] {
  if (typeof expr !== 'string')
    return checkFormula(expr, names, options).map((p) => ({ path, message: formatProblem(p) }));
  return checkRecent(expr, names, options).map((p) => ({ path, message: formatProblem(p) }));
}
