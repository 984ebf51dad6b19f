/**
 * A plain-JS vectorized evaluator of a checked formula: every name is a number or a column (typed
 * array) of one common length, evaluated in float64 loops with no broadcasting machinery. The
 * engine uses it for loss surfaces on the CPU, where it is many times faster than TensorFlow.js's
 * CPU kernels; it also serves previews in the renderer. The formula is evaluated as a DAG
 * (`program.ts`): each distinct subexpression once per row, with no recursion however deep it nests.
 */
import type { FormulaAst } from './ast';
import { Dag } from './dag';
import { columnsProgram, type ColumnValue } from './program';

export type { ColumnValue };
/**
 * Evaluates over `length` rows; names map to numbers (same in every row) or columns of at least
 * `length`. The result is written to `out` when given, else to a new array. Scratch memory is kept
 * between calls, so repeated calls of one length allocate little.
 */
export type ColumnFunction = (
  scope: Readonly<Record<string, ColumnValue>>,
  length: number,
  out?: Float64Array,
) => Float64Array;

/** Compiles a checked formula to a float64 column evaluator. */
export function evaluateColumns(ast: FormulaAst): ColumnFunction {
  const dag = new Dag();
  const program = columnsProgram(dag, [dag.fromTree(ast.root)]);
  return (scope, length, out) => program(scope, length, out ? [out] : undefined)[0]!;
}
