/**
 * The formula language (SPEC §1): the lexer (`lexer.ts`) and an operator-precedence reader with
 * explicit stacks (`syntax.ts`) read the text, then the whitelist (`resolve.ts`) turns the syntax tree
 * into a `FormulaAst`. Every problem carries its column; nothing of the input is ever evaluated, and
 * the reader can only produce numbers, names, the five operators and the table's functions.
 */
import type { FormulaAst } from './ast';
import { FormulaError, type FormulaProblem } from './errors';
import { tokenize, tooDeepBracket } from './lexer';
import { resolve, type FormulaNames, type ParseOptions, type Resolution } from './resolve';
import { readSyntax, SyntaxStop, type Syn } from './syntax';

export type { FormulaNames, ParseOptions };

/** Deepest nesting accepted (levels of parentheses, calls and operators; a flat sum is one level). */
export const MAX_DEPTH = 400;

/** What a formula nested deeper than `MAX_DEPTH` levels is told. */
export const TOO_DEEP = `the formula is nested too deeply: more than ${MAX_DEPTH} levels`;

/** Longest formula accepted, in characters. */
export const MAX_FORMULA_LENGTH = 10_000;

/** Parses and checks; every problem, sorted by column, plus the tree when there are none. */
function analyze(
  source: string,
  names: FormulaNames,
  options: ParseOptions,
): { ast?: FormulaAst; problems: FormulaProblem[] } {
  if (typeof source !== 'string') return { problems: [{ column: 1, text: '', message: 'a formula must be text' }] };
  if (source.length > MAX_FORMULA_LENGTH)
    return {
      problems: [{ column: MAX_FORMULA_LENGTH + 1, text: '', message: `longer than ${MAX_FORMULA_LENGTH} characters` }],
    };
  if (source.trim() === '') return { problems: [{ column: 1, text: '', message: 'the formula is empty' }] };
  const tokens = tokenize(source);
  const deep = tooDeepBracket(tokens, MAX_DEPTH);
  if (deep) return { problems: [{ column: deep.start + 1, text: deep.text, message: TOO_DEEP }] };
  const w: Resolution = { problems: [], usedParams: new Set(), usedData: [] };
  let syn: Syn;
  try {
    syn = readSyntax(tokens, w.problems, MAX_DEPTH, TOO_DEEP);
  } catch (err) {
    if (!(err instanceof SyntaxStop)) throw err;
    return { problems: dedupe([...w.problems, err.problem]).sort((a, b) => a.column - b.column) };
  }
  const root = resolve(syn, names, options, w);
  const problems = dedupe(w.problems).sort((a, b) => a.column - b.column);
  if (problems.length > 0 || !root) return { problems };
  const dataVars = [
    ...names.dataVars.filter((v) => w.usedData.includes(v)),
    ...w.usedData.filter((v) => !names.dataVars.includes(v)),
  ];
  return {
    ast: { source, root, params: names.params.filter((p) => w.usedParams.has(p)), dataVars },
    problems: [],
  };
}

/** One problem per column and message. */
function dedupe(problems: FormulaProblem[]): FormulaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.column}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parses a formula in the given parameters and data variables into a checked tree. Throws a
 * `FormulaError` (column, text, message) for the first problem.
 */
export function parseFormula(source: string, names: FormulaNames, options: ParseOptions = {}): FormulaAst {
  const { ast, problems } = analyze(source, names, options);
  if (!ast) {
    const first = problems[0] ?? { column: 1, text: '', message: 'invalid formula' };
    throw new FormulaError(first, problems);
  }
  return ast;
}

/** Every problem of a formula, sorted by column; empty when it is valid. Never throws. */
export function checkFormula(source: string, names: FormulaNames, options: ParseOptions = {}): FormulaProblem[] {
  try {
    return analyze(source, names, options).problems;
  } catch (err) {
    return [{ column: 1, text: '', message: `cannot read the formula: ${String(err)}` }];
  }
}
