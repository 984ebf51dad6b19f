/**
 * The formula language (SPEC §1): mathjs's parser reads the text, then a whitelist walk turns its
 * node tree into a `FormulaAst`. Nothing of the input is ever evaluated by mathjs: only `parse` is
 * used, from a private instance that holds nothing but the parser.
 */
// mathjs's single-file bundle: the same library, loaded in a fraction of the time of its thousand
// ESM modules (≈ 0.5 s against ≈ 8 s in Node), which matters for every worker that starts.
import mathjs from 'mathjs/lib/browser/math.js';
import type { FormulaAst, FormulaNode } from './ast';
import { FormulaError, type FormulaProblem } from './errors';
import { dedupe, syntaxProblem } from './problems';
import { solidTokens } from './locate';
import { convert, TOO_DEEP, type FormulaNames, type ParseOptions, type Walk } from './formula-walk';
import { parseDeep, tooDeepToken, type DeepParse } from './deep-parse';

export type { FormulaNames, ParseOptions };

/** A private instance with the parser only: no evaluation, no units, no `import`, nothing shared. */
const math = mathjs.create({ parseDependencies: mathjs.parseDependencies! }, { number: 'number' });
const mathParse = math.parse.bind(math);

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
  const deep = tooDeepToken(source);
  if (deep) return { problems: [{ column: deep.start + 1, text: deep.text, message: TOO_DEEP }] };
  let parsed: DeepParse;
  try {
    parsed = parseDeep(source, mathParse);
  } catch (err) {
    return { problems: [syntaxProblem(source, err)] };
  }
  const w: Walk = {
    source,
    tokens: solidTokens(source),
    names,
    options,
    problems: [],
    usedParams: new Set(),
    usedData: [],
    pieces: parsed.pieces,
  };
  let root: FormulaNode | undefined;
  try {
    root = convert(w, parsed.root, 0);
  } catch {
    // A stack overflow all the same (a stack far smaller than usual): refuse rather than crash.
    w.problems.push({ column: 1, text: '', message: TOO_DEEP });
  }
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
