/**
 * The whitelist walk of the formula language: turns mathjs's node tree into a `FormulaAst`, node by
 * node, accepting only numbers, known constants, the parameters and data variables, the five
 * operators and the whitelisted functions, and recording every other thing as a problem with its
 * column. Deep nesting is refused, long flat sums are not nesting.
 */
import type { MathNode } from 'mathjs';
import { CONSTANTS, FUNCTIONS, FUNCTION_NAMES, isFunctionName, type BinaryOp, type FormulaNode } from './ast';
import type { FormulaProblem } from './errors';
import { REFUSED } from './problems';
import { MAX_DEPTH } from './deep-parse';
import { column, findIdent, findImplicitMultiplication, findPunct, type Token } from './locate';

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

/** What a formula nested deeper than `MAX_DEPTH` levels is told. */
export const TOO_DEEP = `the formula is nested too deeply: more than ${MAX_DEPTH} levels`;

const OPERATORS: Readonly<Record<string, BinaryOp>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
};

export interface Walk {
  source: string;
  tokens: Token[];
  names: FormulaNames;
  options: ParseOptions;
  problems: FormulaProblem[];
  usedParams: Set<string>;
  usedData: string[];
  /** The trees that placeholder names stand for (`deep-parse.ts`). */
  pieces: ReadonlyMap<string, MathNode>;
}

function problemAt(w: Walk, token: Token | undefined, message: string, text?: string): void {
  w.problems.push({ column: column(token), text: text ?? token?.text ?? '', message });
}

function namesHint(names: FormulaNames): string {
  const p = `parameters are ${names.params.join(', ')}`;
  return names.dataVars.length > 0 ? `${p}; data columns are ${names.dataVars.join(', ')}` : p;
}

/**
 * One node's part of the walk: the children to convert first (each at its depth), then `finish`,
 * which builds the node from the children's results (undefined: refused).
 */
interface Step {
  children: { node: MathNode; depth: number }[];
  finish(kids: (FormulaNode | undefined)[]): FormulaNode | undefined;
}

const leaf = (value: FormulaNode | undefined): Step => ({ children: [], finish: () => value });

/**
 * Turns a mathjs tree into a formula tree, recording every problem; undefined when refused. The walk
 * keeps its own stack (no recursion), so its depth costs heap, never the call stack.
 */
export function convert(w: Walk, node: MathNode, depth: number): FormulaNode | undefined {
  const stack: { step: Step; kids: (FormulaNode | undefined)[] }[] = [{ step: expand(w, node, depth), kids: [] }];
  for (;;) {
    const top = stack[stack.length - 1]!;
    const next = top.step.children[top.kids.length];
    if (next) {
      stack.push({ step: expand(w, next.node, next.depth), kids: [] });
      continue;
    }
    stack.pop();
    const value = top.step.finish(top.kids);
    if (stack.length === 0) return value;
    stack[stack.length - 1]!.kids.push(value);
  }
}

/** What one mathjs node needs: its children and how to build it from them. */
function expand(w: Walk, node: MathNode, depth: number): Step {
  if (depth > MAX_DEPTH) {
    problemAt(w, w.tokens[0], TOO_DEEP, '');
    return leaf(undefined);
  }
  const type = node.type;
  switch (type) {
    case 'ConstantNode':
      return leaf(constant(w, (node as unknown as { value: unknown }).value));
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const piece = w.pieces.get(name);
      return piece ? { children: [{ node: piece, depth }], finish: ([k]) => k } : leaf(symbol(w, name));
    }
    case 'ParenthesisNode':
      return {
        children: [{ node: (node as unknown as { content: MathNode }).content, depth: depth + 1 }],
        finish: ([k]) => k,
      };
    case 'OperatorNode':
      return operator(w, node as unknown as OperatorLike, depth);
    case 'FunctionNode':
      return call(w, node as unknown as FunctionLike, depth);
    default: {
      const refused = Object.prototype.hasOwnProperty.call(REFUSED, type) ? REFUSED[type] : undefined;
      if (refused) {
        const token = findPunct(w.tokens, ...refused.at);
        problemAt(w, token, refused.what);
      } else problemAt(w, undefined, `${type.replace(/Node$/, '').toLowerCase()} is not allowed`, '');
      return leaf(undefined);
    }
  }
}

/** A number as written: finite numbers only. */
function constant(w: Walk, value: unknown): FormulaNode | undefined {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return { kind: 'number', value };
    const token =
      w.tokens.find((t) => t.kind === 'number' && !Number.isFinite(Number(t.text))) ??
      findIdent(w.tokens, String(value));
    problemAt(w, token, Number.isNaN(value) ? 'NaN is not allowed' : 'number out of range');
    return undefined;
  }
  if (typeof value === 'string') {
    problemAt(
      w,
      w.tokens.find((t) => t.kind === 'string'),
      'strings are not allowed',
    );
    return undefined;
  }
  const text = String(value);
  problemAt(w, findIdent(w.tokens, text), `${text} is not a number`, text);
  return undefined;
}

function symbol(w: Walk, name: string): FormulaNode | undefined {
  const { params, dataVars } = w.names;
  if (params.includes(name)) {
    w.usedParams.add(name);
    return { kind: 'name', name };
  }
  if (dataVars.includes(name)) {
    if (!w.usedData.includes(name)) w.usedData.push(name);
    return { kind: 'name', name };
  }
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return { kind: 'number', value: constant };
  const token = findIdent(w.tokens, name, false) ?? findIdent(w.tokens, name);
  if (isFunctionName(name)) {
    problemAt(w, token, `${name} is a function: write ${name}(…)`, name);
    return undefined;
  }
  if (w.options.anyDataVar && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    if (!w.usedData.includes(name)) w.usedData.push(name);
    return { kind: 'name', name };
  }
  problemAt(w, token, `unknown variable ${name} (${namesHint(w.names)})`, name);
  return undefined;
}

interface OperatorLike {
  op: string;
  fn: string;
  args: MathNode[];
  implicit?: boolean;
}

/** A sum's terms beyond this many are added as a balanced tree (so a long flat sum is not deep). */
const LEFT_NESTED_TERMS = 64;

/** Whether `node` is a binary + or − (the links of a flat sum's chain). */
function isSumLink(node: MathNode): node is MathNode & OperatorLike {
  const n = node as unknown as OperatorLike & { type: string };
  return n.type === 'OperatorNode' && !n.implicit && n.args.length === 2 && (n.fn === 'add' || n.fn === 'subtract');
}

/**
 * A chain `a + b − c + …` walked without recursion along it: the terms are converted one level down,
 * so the length of a flat sum never counts as nesting. Up to `LEFT_NESTED_TERMS` terms give the same
 * left-nested tree as before; a longer sum is added as a balanced tree of `neg`-signed terms
 * (a − b is exactly a + (−b) in floating point), shallow for every later recursive walk.
 */
function sum(node: MathNode & OperatorLike, depth: number): Step {
  const links: OperatorLike[] = [];
  let head: MathNode = node;
  while (isSumLink(head)) {
    links.push(head);
    head = head.args[0]!;
  }
  links.reverse();
  const children = [head, ...links.map((link) => link.args[1]!)].map((n) => ({ node: n, depth: depth + 1 }));
  return { children, finish: (kids) => sumOf(links, kids) };
}

/** The sum's tree from its converted terms (undefined if any was refused). */
function sumOf(links: OperatorLike[], kids: (FormulaNode | undefined)[]): FormulaNode | undefined {
  if (kids.some((t) => !t)) return undefined;
  const [first, ...terms] = kids as FormulaNode[];
  if (terms.length < LEFT_NESTED_TERMS)
    return terms.reduce<FormulaNode>(
      (left, right, i) => ({ kind: 'binary', op: links[i]!.fn === 'add' ? '+' : '-', left, right }),
      first!,
    );
  const signed = [first!, ...terms.map((t, i): FormulaNode => (links[i]!.fn === 'add' ? t : { kind: 'neg', arg: t }))];
  const balanced = (lo: number, hi: number): FormulaNode => {
    if (hi - lo === 1) return signed[lo]!;
    const mid = (lo + hi) >> 1;
    return { kind: 'binary', op: '+', left: balanced(lo, mid), right: balanced(mid, hi) };
  };
  return balanced(0, signed.length);
}

function operator(w: Walk, node: OperatorLike, depth: number): Step {
  if (isSumLink(node as unknown as MathNode)) return sum(node as unknown as MathNode & OperatorLike, depth);
  const children = node.args.map((a) => ({ node: a, depth: depth + 1 }));
  if (node.implicit) {
    const token = findImplicitMultiplication(w.tokens, FUNCTION_NAMES);
    problemAt(w, token, `missing operator before ${token?.text ?? 'this'}: write * to multiply`);
    return { children, finish: () => undefined };
  }
  return { children, finish: (args) => operatorOf(w, node, args) };
}

function operatorOf(w: Walk, node: OperatorLike, args: (FormulaNode | undefined)[]): FormulaNode | undefined {
  if (node.fn === 'unaryMinus' || node.fn === 'unaryPlus') {
    const arg = args[0];
    if (!arg) return undefined;
    return node.fn === 'unaryMinus' ? { kind: 'neg', arg } : arg;
  }
  const op = Object.prototype.hasOwnProperty.call(OPERATORS, node.fn) ? OPERATORS[node.fn] : undefined;
  if (!op || args.length !== 2) {
    const isWord = /^[a-z]+$/.test(node.op);
    const token = isWord ? findIdent(w.tokens, node.op) : findPunct(w.tokens, node.op);
    problemAt(w, token, `operator ${node.op} is not allowed (operators are + - * / ^)`, node.op);
    return undefined;
  }
  const [left, right] = args;
  if (!left || !right) return undefined;
  return { kind: 'binary', op, left, right };
}

interface FunctionLike {
  fn: MathNode;
  args: MathNode[];
}

function call(w: Walk, node: FunctionLike, depth: number): Step {
  const children = node.args.map((a) => ({ node: a, depth: depth + 1 }));
  if (node.fn.type !== 'SymbolNode') {
    problemAt(w, findPunct(w.tokens, '('), 'only the listed functions may be called');
    return { children: [...children, { node: node.fn, depth: depth + 1 }], finish: () => undefined };
  }
  return { children, finish: (args) => callOf(w, node, args) };
}

function callOf(w: Walk, node: FunctionLike, args: (FormulaNode | undefined)[]): FormulaNode | undefined {
  const name = (node.fn as unknown as { name: string }).name;
  const token = findIdent(w.tokens, name, true) ?? findIdent(w.tokens, name);
  const arity = isFunctionName(name) ? FUNCTIONS[name] : undefined;
  if (arity === undefined) {
    const isName = w.names.params.includes(name) || w.names.dataVars.includes(name);
    problemAt(
      w,
      token,
      isName
        ? `${name} is a variable, not a function: write ${name} * (…) to multiply`
        : `unknown function ${name} (functions are ${FUNCTION_NAMES.join(', ')})`,
      name,
    );
    return undefined;
  }
  const ok = arity === 'many' ? args.length >= 2 : args.length === arity;
  if (!ok) {
    const want = arity === 'many' ? '2 or more arguments' : `${arity} argument${arity === 1 ? '' : 's'}`;
    problemAt(w, token, `${name} takes ${want}, got ${args.length}`, name);
    return undefined;
  }
  if (args.some((a) => a === undefined)) return undefined;
  const defined = args as FormulaNode[];
  if (name === 'pow') return { kind: 'binary', op: '^', left: defined[0]!, right: defined[1]! };
  return { kind: 'call', fn: name as Exclude<keyof typeof FUNCTIONS, 'pow'>, args: defined };
}
