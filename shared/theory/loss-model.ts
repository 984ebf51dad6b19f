/**
 * A loss L(Φ) = mean over the examples of L_i(Φ) in float64, with its gradient and Hessian from the
 * formula's symbolic derivatives (`shared/formula/derive.ts`) and the per-example gradient covariance
 * (SPEC §1, §11): what the stationary theory needs at a point Φ*.
 */
import type { FormulaAst } from '../formula/ast';
import { derive, withRoot } from '../formula/derive';
import { parseFormula } from '../formula/parse';
import { evaluateColumns, type ColumnFunction, type ColumnValue } from '../formula/vector';
import type { Loss } from '../spec/experiment';
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

/** Builds the model of a normalized loss over its loaded examples. */
export function lossModel(loss: Pick<Loss, 'expr' | 'params'>, examples: Examples): LossModel {
  const ast: FormulaAst = parseFormula(loss.expr, { params: loss.params, dataVars: examples.vars });
  const D = loss.params.length;
  const compile = (root: FormulaAst['root']): ColumnFunction => evaluateColumns(withRoot(ast, root));
  const gradNodes = loss.params.map((p) => derive(ast.root, p));
  const f = compile(ast.root);
  const grads = gradNodes.map(compile);
  const hess = gradNodes.map((g) => loss.params.map((q) => compile(derive(g, q))));
  const length = Math.max(examples.n, 1);

  const scope = (phi: readonly number[]): Record<string, ColumnValue> => {
    const s: Record<string, ColumnValue> = {};
    examples.vars.forEach((v, i) => (s[v] = examples.columns[i]!));
    loss.params.forEach((p, i) => (s[p] = phi[i]!));
    return s;
  };

  return {
    params: loss.params,
    value: (phi) => mean(f(scope(phi), length)),
    gradient: (phi) => {
      const s = scope(phi);
      return grads.map((g) => mean(g(s, length)));
    },
    hessian: (phi) => {
      const s = scope(phi);
      const h = hess.map((row) => row.map((fn) => mean(fn(s, length))));
      // Symbolic ∂²/∂x∂y and ∂²/∂y∂x agree in exact arithmetic; average away the rounding.
      return h.map((row, i) => row.map((v, j) => (v + h[j]![i]!) / 2));
    },
    exampleGradientCovariance: (phi) => {
      const out: Matrix = Array.from({ length: D }, () => new Array<number>(D).fill(0));
      if (examples.n === 0) return out;
      const s = scope(phi);
      const cols = grads.map((g) => g(s, length));
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
