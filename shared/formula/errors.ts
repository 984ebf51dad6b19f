/** Errors of the formula language that a user can act on: where (1-based column), what text, why. */

/** One problem of a formula, located by its 1-based column in the source. */
export interface FormulaProblem {
  column: number;
  /** The offending text as written (may be empty at the end of the input). */
  text: string;
  message: string;
}

/** Thrown by `parseFormula` for the first problem of a formula (by column). */
export class FormulaError extends Error {
  readonly column: number;
  readonly text: string;
  /** Every problem found, the thrown one first. */
  readonly problems: FormulaProblem[];

  constructor(problem: FormulaProblem, problems: FormulaProblem[] = [problem]) {
    super(problem.message);
    this.name = 'FormulaError';
    this.column = problem.column;
    this.text = problem.text;
    this.problems = problems;
  }
}

/** `column 9: unknown variable z (…)`, the form used in spec issues and on the command line. */
export function formatProblem(problem: FormulaProblem): string {
  const quoted = problem.text !== '' && !problem.message.includes(problem.text) ? ` at "${problem.text}"` : '';
  return `column ${problem.column}: ${problem.message}${quoted}`;
}
