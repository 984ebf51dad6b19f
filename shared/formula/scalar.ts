/**
 * A plain float64 evaluator of a checked formula: for learning-rate schedules (`t`, `lr`) and for
 * inline previews. Compiled once into a DAG program (`program.ts`: each distinct subexpression once,
 * no recursion however deep the formula nests), then cheap to call.
 */
import type { FormulaAst } from './ast';
import { Dag } from './dag';
import { scalarProgram } from './program';

export type ScalarFunction = (scope: Readonly<Record<string, number>>) => number;

/** Compiles a checked formula into a float64 function of its names. */
export function evaluateScalar(ast: FormulaAst): ScalarFunction {
  const dag = new Dag();
  const program = scalarProgram(dag, [dag.fromTree(ast.root)]);
  return (scope) => program(scope)[0]!;
}
