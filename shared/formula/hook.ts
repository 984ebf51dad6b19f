/** The formula check in the form `normalizeExperiment` wants: spec issues located by path and column. */
import type { SpecIssue } from '../spec/issues';
import { formatProblem } from './errors';
import { checkFormula, type FormulaNames, type ParseOptions } from './parse';

/** `(expr, names, path) => SpecIssue[]`, each message `column 9: unknown variable z (…)`. */
export function formulaIssues(
  expr: string,
  names: FormulaNames,
  path: string,
  options: ParseOptions = {},
): SpecIssue[] {
  return checkFormula(expr, names, options).map((p) => ({ path, message: formatProblem(p) }));
}
