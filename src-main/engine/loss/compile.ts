/**
 * Compiles a checked formula into TensorFlow.js ops, each spelled by the formula function table
 * (`shared/formula/functions.ts`). Every name is a tensor and all broadcast together; gradients come
 * from tf autodiff. Integer powers are built from multiplications so that negative bases work and
 * gradients stay finite (d/dx x² at 0 is 0, not NaN).
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import { isConstant, type FormulaAst, type FormulaNode } from '../../../shared/formula/ast';
import { formulaFunction } from '../../../shared/formula/functions';
import { evaluateScalar } from '../../../shared/formula/scalar';
import type { CompiledFormula, Tf } from '../api';

type Scope = Readonly<Record<string, tfjs.Tensor>>;
type Op = (scope: Scope) => tfjs.Tensor;
type TensorOp = (a: tfjs.Tensor, b?: tfjs.Tensor) => tfjs.Tensor;

/** Largest integer exponent expanded into multiplications; beyond it `tf.pow` is used. */
const MAX_EXPANDED_POWER = 64;

function constantValue(node: FormulaNode): number {
  return evaluateScalar({ source: '', root: node, params: [], dataVars: [] })({});
}

/** x^n for an integer n by repeated squaring (n ≥ 1). */
function integerPower(tf: Tf, x: tfjs.Tensor, n: number): tfjs.Tensor {
  if (n === 1) return x;
  if (n === 2) return tf.square(x);
  const half = integerPower(tf, x, Math.floor(n / 2));
  const sq = tf.square(half);
  return n % 2 === 0 ? sq : tf.mul(sq, x);
}

function power(tf: Tf, base: Op, exponent: FormulaNode): Op {
  if (isConstant(exponent)) {
    const n = constantValue(exponent);
    if (Number.isInteger(n) && Math.abs(n) <= MAX_EXPANDED_POWER) {
      if (n === 0) return (s) => tf.onesLike(base(s));
      if (n > 0) return (s) => integerPower(tf, base(s), n);
      return (s) => tf.reciprocal(integerPower(tf, base(s), -n));
    }
    if (n === 0.5) return (s) => tf.sqrt(base(s));
    return (s) => tf.pow(base(s), tf.scalar(n));
  }
  const e = compileNode(tf, exponent);
  return (s) => tf.pow(base(s), e(s));
}

function compileNode(tf: Tf, node: FormulaNode): Op {
  switch (node.kind) {
    case 'number': {
      const v = node.value;
      return () => tf.scalar(v);
    }
    case 'name': {
      const name = node.name;
      return (scope) => {
        const t = Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined;
        if (!t) throw new Error(`no tensor for ${name}`);
        return t;
      };
    }
    case 'neg':
      return apply(tf, 'neg', [compileNode(tf, node.arg)]);
    case 'binary':
      if (node.op === '^') return power(tf, compileNode(tf, node.left), node.right);
      return apply(tf, node.op, [compileNode(tf, node.left), compileNode(tf, node.right)]);
    case 'call':
      return apply(
        tf,
        node.fn,
        node.args.map((a) => compileNode(tf, a)),
      );
  }
}

/** A table operation (`shared/formula/functions.ts`) by its TensorFlow.js op; `many` as a chain of two. */
function apply(tf: Tf, fn: string, args: Op[]): Op {
  const name = formulaFunction(fn).tf;
  const op = name === undefined ? undefined : (tf as unknown as Record<string, TensorOp | undefined>)[name];
  if (typeof op !== 'function') throw new Error(`no TensorFlow.js op for ${fn}`);
  const f = op.bind(tf);
  if (args.length === 1) return (s) => f(args[0]!(s));
  return (s) => args.map((a) => a(s)).reduce((acc, t) => f(acc, t));
}

/**
 * Compiles a checked formula to a function of named tensors (float32, broadcast together). Call it
 * inside `tf.tidy` or `tf.grad`: it allocates intermediate tensors.
 */
export function compileFormula(tf: Tf, ast: FormulaAst): CompiledFormula {
  const op = compileNode(tf, ast.root);
  return (scope) => op(scope);
}
