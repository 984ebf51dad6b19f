/**
 * The validated formula tree: only what the formula language allows (SPEC §1). Everything that
 * evaluates a formula (the TensorFlow.js compiler, the scalar evaluator) walks this tree, never the
 * parser's own nodes.
 */

/** The functions a formula may call, with their arity (`min`/`max` take two or more). */
export const FUNCTIONS = {
  sin: 1,
  cos: 1,
  tan: 1,
  exp: 1,
  log: 1,
  sqrt: 1,
  abs: 1,
  tanh: 1,
  sinh: 1,
  cosh: 1,
  atan: 1,
  min: 'many',
  max: 'many',
  pow: 2,
} as const satisfies Record<string, number | 'many'>;
export type FunctionName = keyof typeof FUNCTIONS;

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Named constants; a parameter or data variable of the same name wins. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Whether `name` is one of the whitelisted functions (own keys only: never `constructor` & co.). */
export function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export type FormulaNode =
  | { kind: 'number'; value: number }
  /** A parameter or a data variable. */
  | { kind: 'name'; name: string }
  | { kind: 'neg'; arg: FormulaNode }
  | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode }
  /** `pow(a, b)` is stored as `a ^ b`; unary plus and parentheses vanish. */
  | { kind: 'call'; fn: Exclude<FunctionName, 'pow'>; args: FormulaNode[] };

/** A formula that passed every check. */
export interface FormulaAst {
  source: string;
  root: FormulaNode;
  /** The parameters the formula uses, in the order given to the parser. */
  params: string[];
  /** The data variables the formula uses (in the order given, then in order of appearance). */
  dataVars: string[];
}

/** Whether a subtree uses no names, so that it can be folded to a number. */
export function isConstant(node: FormulaNode): boolean {
  switch (node.kind) {
    case 'number':
      return true;
    case 'name':
      return false;
    case 'neg':
      return isConstant(node.arg);
    case 'binary':
      return isConstant(node.left) && isConstant(node.right);
    case 'call':
      return node.args.every(isConstant);
  }
}
