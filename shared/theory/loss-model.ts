/**
 * A loss L(Φ) = mean over the examples of L_i(Φ) in float64, with its gradient and Hessian from the
 * formula's symbolic derivatives (`shared/formula/dag-derive.ts`, on a DAG) and the per-example gradient covariance
 * (SPEC §1, §11): what the stationary theory needs at a point Φ*.
 */
import type { FormulaAst } from '../formula/ast';
import { Dag, FormulaSizeError } from '../formula/dag';
import { Deriver } from '../formula/dag-derive';
import { parseFormula } from '../formula/parse';
import { columnsProgram, type ColumnValue } from '../formula/program';
import type { Loss } from '../experiment/experiment';
import type { Matrix } from './linalg';

/** The examples of a loss: one column per data variable, each of length n (n = 0: no data). */
export interface Examples {
  vars: string[];
  columns: readonly (Float32Array | Float64Array)[];
  n: number;
}

/** The full loss and its derivatives at a point, in float64. */
export interface LossModel {
  /** The parameters, in order (D of them). */
  params: string[];
  /** Distinct nodes of the loss with its gradient and Hessian (each evaluated once per example). */
  nodes: number;
  /** L(Φ), the mean over the examples. */
  value(phi: readonly number[]): number;
  /** ∇L(Φ). */
  gradient(phi: readonly number[]): number[];
  /** The Hessian of L at Φ (D×D). */
  hessian(phi: readonly number[]): Matrix;
  /** The covariance over the examples of ∇L_i(Φ), divisor n (zeros without data). */
  exampleGradientCovariance(phi: readonly number[]): Matrix;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** Most node-rows one evaluation may cost (about a few seconds of float64 loops). */
export const MAX_MODEL_WORK = 2e9;

/**
 * Builds the model of a normalized loss over its loaded examples. The loss, its gradient and its
 * Hessian are nodes of one hash-consed DAG, each distinct subexpression evaluated once per example,
 * so a deeply nested formula costs in proportion to its size (`nodes`), never to its tree. Throws a
 * `FormulaSizeError` past `MAX_DAG_NODES` nodes or `MAX_MODEL_WORK` node-rows.
 */
export function lossModel(loss: Pick<Loss, 'expr' | 'params'>, examples: Examples): LossModel {
  const ast: FormulaAst = parseFormula(loss.expr, { params: loss.params, dataVars: examples.vars });
  const D = loss.params.length;
  const dag = new Dag();
  const deriver = new Deriver(dag);
  const root = dag.fromTree(ast.root);
  const gradIds = loss.params.map((p) => deriver.derive(root, p));
  const hessIds = gradIds.map((g) => loss.params.map((q) => deriver.derive(g, q)));
  const length = Math.max(examples.n, 1);
  if (dag.size * length > MAX_MODEL_WORK)
    throw new FormulaSizeError(
      `the loss with its derivatives has ${dag.size} terms over ${length} examples: too much work to analyze (at most ${MAX_MODEL_WORK} term-examples)`,
    );
  const f = columnsProgram(dag, [root]);
  const grads = columnsProgram(dag, gradIds);
  const hess = columnsProgram(dag, hessIds.flat());

  const scope = (phi: readonly number[]): Record<string, ColumnValue> => {
    const s: Record<string, ColumnValue> = {};
    examples.vars.forEach((v, i) => (s[v] = examples.columns[i]!));
    loss.params.forEach((p, i) => (s[p] = phi[i]!));
    return s;
  };

  return {
    params: loss.params,
    nodes: dag.size,
    value: (phi) => mean(f(scope(phi), length)[0]!),
    gradient: (phi) => grads(scope(phi), length).map(mean),
    hessian: (phi) => {
      const flat = hess(scope(phi), length).map(mean);
      const h = (i: number, j: number) => flat[i * D + j]!;
      // Symbolic ∂²/∂x∂y and ∂²/∂y∂x agree in exact arithmetic; average away the rounding.
      return Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => (h(i, j) + h(j, i)) / 2));
    },
    exampleGradientCovariance: (phi) => {
      const out: Matrix = Array.from({ length: D }, () => new Array<number>(D).fill(0));
      if (examples.n === 0) return out;
      const cols = grads(scope(phi), length);
      const means = cols.map(mean);
      for (let a = 0; a < D; a++)
        for (let b = a; b < D; b++) {
          const [ca, cb, ma, mb] = [cols[a]!, cols[b]!, means[a]!, means[b]!];
          let acc = 0;
          for (let i = 0; i < length; i++) acc += (ca[i]! - ma) * (cb[i]! - mb);
          out[a]![b] = out[b]![a] = acc / length;
        }
      return out;
    },
  };
}
