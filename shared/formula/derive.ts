/**
 * Symbolic differentiation of a checked formula tree: `derive(node, x)` is a new tree for ∂node/∂x,
 * built only from the formula language's own nodes, so the float64 evaluators (`scalar.ts`,
 * `vector.ts`) evaluate it as they would a user's formula. Applied twice it gives a Hessian.
 *
 * The work is done on a hash-consed DAG (`dag-derive.ts`); the tree returned shares its repeated
 * subtrees as shared objects, so its size is that of the DAG, and the evaluators (which read it back
 * as a DAG) evaluate each distinct subexpression once.
 */
import type { FormulaAst, FormulaNode } from './ast';
import { Dag } from './dag';
import { Deriver } from './dag-derive';

/** ∂node/∂name as a new formula tree (the input is not modified). */
export function derive(node: FormulaNode, name: string): FormulaNode {
  const dag = new Dag();
  return dag.toTree(new Deriver(dag).derive(dag.fromTree(node), name));
}

/** The same formula with `root` replaced: to evaluate a derivative with the formula evaluators. */
export function withRoot(ast: FormulaAst, root: FormulaNode): FormulaAst {
  return { ...ast, root };
}
