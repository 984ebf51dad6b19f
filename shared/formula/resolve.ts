/**
 * The whitelist of the formula language, applied to a syntax tree (`syntax.ts`): names become
 * parameters, data variables or the constants pi and e; calls must name a function of the table
 * (`functions.ts`) with its arity. Every other name or call is a problem at its column. The walk keeps
 * its own stack (no recursion), and a long sum becomes a balanced tree (so it is not deep for later
 * walks).
 */
import { CONSTANTS, type FormulaNode } from './ast';
import type { FormulaProblem } from './errors';
import { callableNames, calledFunction, formulaFunction } from './functions';
import type { Token } from './lexer';
import type { Syn } from './syntax';

/** The names a formula may use. */
export interface FormulaNames {
  params: string[];
  dataVars: string[];
}

export interface ParseOptions {
  /**
   * Accept any other plain name as a data variable (for CSV data, whose columns are known only when
   * the file is read; the loader then checks them).
   */
  anyDataVar?: boolean;
}

/** What the walk collects besides the tree. */
export interface Resolution {
  problems: FormulaProblem[];
  usedParams: Set<string>;
  usedData: string[];
}

/** Words that are values in other languages: refused by name, before any parameter of that name. */
const NOT_NUMBERS: Readonly<Record<string, string>> = {
  true: 'true is not a number',
  false: 'false is not a number',
  null: 'null is not a number',
  undefined: 'undefined is not a number',
  Infinity: 'number out of range',
  NaN: 'NaN is not allowed',
};

/** A sum's terms from this many on are added as a balanced tree. */
const LEFT_NESTED_TERMS = 64;

function namesHint(names: FormulaNames): string {
  const p = `parameters are ${names.params.join(', ')}`;
  return names.dataVars.length > 0 ? `${p}; data columns are ${names.dataVars.join(', ')}` : p;
}

function children(syn: Syn): Syn[] {
  switch (syn.t) {
    case 'neg':
      return [syn.arg];
    case 'bin':
      return [syn.left, syn.right];
    case 'sum':
      return syn.terms;
    case 'call':
      return syn.args;
    default:
      return [];
  }
}

/** The checked tree of `root` (undefined when anything in it is refused). */
export function resolve(
  root: Syn,
  names: FormulaNames,
  options: ParseOptions,
  out: Resolution,
): FormulaNode | undefined {
  const problem = (at: Token, message: string) => out.problems.push({ column: at.start + 1, text: at.text, message });
  const name = (at: Token): FormulaNode | undefined => {
    const n = at.text;
    const own = (o: object) => Object.prototype.hasOwnProperty.call(o, n);
    if (own(NOT_NUMBERS)) return void problem(at, NOT_NUMBERS[n]!);
    if (names.params.includes(n)) {
      out.usedParams.add(n);
      return { kind: 'name', name: n };
    }
    const data = (): FormulaNode => {
      if (!out.usedData.includes(n)) out.usedData.push(n);
      return { kind: 'name', name: n };
    };
    if (names.dataVars.includes(n)) return data();
    const constant = CONSTANTS.get(n);
    if (constant !== undefined) return { kind: 'number', value: constant };
    if (calledFunction(n) !== undefined) return void problem(at, `${n} is a function: write ${n}(…)`);
    if (options.anyDataVar && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) return data();
    return void problem(at, `unknown variable ${n} (${namesHint(names)})`);
  };
  const call = (at: Token, args: (FormulaNode | undefined)[]): FormulaNode | undefined => {
    const n = at.text;
    const fn = calledFunction(n);
    if (fn === undefined) {
      const isName = names.params.includes(n) || names.dataVars.includes(n);
      return void problem(
        at,
        isName
          ? `${n} is a variable, not a function: write ${n} * (…) to multiply`
          : `unknown function ${n} (functions are ${callableNames().join(', ')})`,
      );
    }
    const arity = formulaFunction(fn).arity;
    if (arity === 'many' ? args.length < 2 : args.length !== arity) {
      const want = arity === 'many' ? '2 or more arguments' : `${arity} argument${arity === 1 ? '' : 's'}`;
      return void problem(at, `${n} takes ${want}, got ${args.length}`);
    }
    if (args.some((a) => a === undefined)) return undefined;
    const defined = args as FormulaNode[];
    if (fn === '^') return { kind: 'binary', op: '^', left: defined[0]!, right: defined[1]! };
    return { kind: 'call', fn, args: defined };
  };
  const finish = (syn: Syn, kids: (FormulaNode | undefined)[]): FormulaNode | undefined => {
    switch (syn.t) {
      case 'num':
        return { kind: 'number', value: syn.value };
      case 'name':
        return name(syn.at);
      case 'call':
        return call(syn.at, kids);
      case 'bad':
        return undefined;
    }
    if (kids.some((k) => k === undefined)) return undefined;
    const k = kids as FormulaNode[];
    if (syn.t === 'neg') return { kind: 'neg', arg: k[0]! };
    if (syn.t === 'bin') return { kind: 'binary', op: syn.op, left: k[0]!, right: k[1]! };
    return sumOf(syn.signs, k);
  };
  // Post-order without recursion: each entry converts its children first.
  const stack: { syn: Syn; kids: (FormulaNode | undefined)[]; of: Syn[] }[] = [
    { syn: root, kids: [], of: children(root) },
  ];
  for (;;) {
    const top = stack[stack.length - 1]!;
    const next = top.of[top.kids.length];
    if (next) {
      stack.push({ syn: next, kids: [], of: children(next) });
      continue;
    }
    stack.pop();
    const value = finish(top.syn, top.kids);
    if (stack.length === 0) return value;
    stack[stack.length - 1]!.kids.push(value);
  }
}

/**
 * A flat sum's tree: up to `LEFT_NESTED_TERMS` terms left to right as written; a longer one as a
 * balanced tree of `neg`-signed terms (a − b is exactly a + (−b) in floating point).
 */
function sumOf(signs: readonly ('+' | '-')[], terms: FormulaNode[]): FormulaNode {
  const [first, ...rest] = terms;
  if (rest.length < LEFT_NESTED_TERMS)
    return rest.reduce<FormulaNode>((left, right, i) => ({ kind: 'binary', op: signs[i]!, left, right }), first!);
  const signed = [first!, ...rest.map((t, i): FormulaNode => (signs[i] === '+' ? t : { kind: 'neg', arg: t }))];
  const balanced = (lo: number, hi: number): FormulaNode => {
    if (hi - lo === 1) return signed[lo]!;
    const mid = (lo + hi) >> 1;
    return { kind: 'binary', op: '+', left: balanced(lo, mid), right: balanced(mid, hi) };
  };
  return balanced(0, signed.length);
}
