/**
 * The validated formula tree: only what the formula language allows (SPEC §1). Everything that
 * evaluates a formula (the TensorFlow.js compiler, the scalar evaluator) walks this tree, never the
 * parser's own nodes.
 */

/** The name of an operation of the function table (`functions.ts`): `sin`, `max`, a helper like `sign`. */
export type FunctionName = string;

/** Named constants; a parameter or data variable of the same name wins. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export type FormulaNode =
  | { kind: 'number'; value: number }
  /** A parameter or a data variable. */
  | { kind: 'name'; name: string }
  | { kind: 'neg'; arg: FormulaNode }
  | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode }
  /**
   * An operation of the function table by its table name (`pow(a, b)` is stored as `a ^ b`; unary
   * plus and parentheses vanish). Derivatives may hold helpers no formula can call (`sign`).
   */
  | { kind: 'call'; fn: FunctionName; args: FormulaNode[] };

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
