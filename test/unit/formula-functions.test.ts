/**
 * The formula function table, one row per function: each is parsed, evaluated in float64, derived
 * symbolically, run through the compiled JavaScript kernel (value and reverse-mode gradient), printed
 * into WGSL and run through TensorFlow.js, against closed forms written here. The last row is a
 * test-only function (softplus) added by one `defineFunction` call and nothing else: it goes through
 * every path like the built-in ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFormula, defineFunction, evaluateColumns, evaluateScalar, parseFormula } from '../../shared/formula';
import { derive } from '../../shared/formula/derive';
import { compileKernel, kernelSource } from '../../src-main/engine/kernel/js-kernel';
import { planRun } from '../../src-main/engine/kernel/plan';
import { zigguratTables } from '../../src-main/engine/random/counter-js';
import { wgslKernelSource } from '../../src-main/engine/kernel/wgsl-kernel';
import { compileFormula } from '../../src-main/engine/loss/compile';
import { experiment } from './engine-helpers';

const X = 0.7;
const Y = 1.5;
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** A formula in x and y, its value and its gradient (∂x, ∂y) at (X, Y), by hand; a WGSL spelling to find. */
type Row = [name: string, expr: string, value: number, grad: [number, number], wgsl: string];
/** f(x)·y: value f(X)·Y, gradient (f′(X)·Y, f(X)). */
const unary = (name: string, f: number, df: number, wgsl = `${name}(`): Row => [
  name,
  `${name}(x) * y`,
  f * Y,
  [df * Y, f],
  wgsl,
];

const ROWS: Row[] = [
  unary('sin', Math.sin(X), Math.cos(X)),
  unary('cos', Math.cos(X), -Math.sin(X)),
  unary('tan', Math.tan(X), 1 / Math.cos(X) ** 2),
  unary('exp', Math.exp(X), Math.exp(X)),
  unary('log', Math.log(X), 1 / X),
  unary('sqrt', Math.sqrt(X), 0.5 / Math.sqrt(X)),
  unary('abs', X, 1),
  unary('tanh', Math.tanh(X), 1 / Math.cosh(X) ** 2, 'tanh_s('),
  unary('sinh', Math.sinh(X), Math.cosh(X)),
  unary('cosh', Math.cosh(X), Math.sinh(X)),
  unary('atan', Math.atan(X), 1 / (1 + X * X)),
  ['min', 'min(x, y, 2)', X, [1, 0], 'min('],
  ['max', 'max(x, y, -2)', Y, [0, 1], 'max('],
  ['pow', 'pow(x, y)', X ** Y, [Y * X ** (Y - 1), X ** Y * Math.log(X)], 'pow_js('],
  // The test-only entry, defined in beforeAll.
  unary('softplus', Math.log(1 + Math.exp(X)), sigmoid(X), 'log(1.0 + exp('),
];

const names = { params: ['x', 'y'], dataVars: [] };

beforeAll(async () => {
  await tf.setBackend('cpu');
  // Unknown until defined…
  expect(checkFormula('softplus(x)', names)[0]?.message).toMatch(/unknown function softplus/);
  // …and one entry is all it takes.
  defineFunction('softplus', {
    arity: 1,
    call: 'softplus',
    value: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
    partial: (x, _k, a) => x.div(x.num(1), x.add(x.num(1), x.call('exp', x.neg(a)))),
    js: '($0 > 0 ? $0 + Math.log1p(Math.exp(-$0)) : Math.log1p(Math.exp($0)))',
    wgsl: 'log(1.0 + exp($0))',
    tf: 'softplus',
  });
});

const close = (got: number, want: number) =>
  expect(Math.abs(got - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));

describe.each(ROWS)('%s through every path', (_name, expr, value, [gx, gy], wgsl) => {
  const loss = () => ({
    expr,
    params: ['x', 'y'],
    domain: [
      [-2, 2],
      [-2, 2],
    ],
  });

  it('parses and evaluates in float64 (scalar and columns)', () => {
    const ast = parseFormula(expr, names);
    close(evaluateScalar(ast)({ x: X, y: Y }), value);
    close(evaluateColumns(ast)({ x: Float64Array.of(X, X), y: Y }, 2)[1]!, value);
  });

  it('differentiates symbolically', () => {
    const ast = parseFormula(expr, names);
    close(evaluateScalar({ ...ast, root: derive(ast.root, 'x') })({ x: X, y: Y }), gx);
    close(evaluateScalar({ ...ast, root: derive(ast.root, 'y') })({ x: X, y: Y }), gy);
  });

  it('runs in the compiled JavaScript kernel: value and reverse-mode gradient', () => {
    const exp = experiment({ steps: 1, loss: loss(), runs: [{ optimizer: { type: 'sgd' } }] });
    const plan = planRun(exp, exp.runs[0]!, 0, { vars: [], columns: [], n: 0 });
    const kernel = compileKernel(kernelSource(plan, [0, 0], 0), { cols: [], zig: zigguratTables() });
    const [L, dx, dy] = kernel.lossAndGrad([X, Y]);
    close(L!, value);
    close(dx!, gx);
    close(dy!, gy);
  });

  it('is printed into the WGSL kernel with its spelling', () => {
    const exp = experiment({ steps: 1, loss: loss(), runs: [{ optimizer: { type: 'sgd' } }] });
    expect(wgslKernelSource(planRun(exp, exp.runs[0]!, 0, { vars: [], columns: [], n: 0 }))).toContain(wgsl);
  });

  it('runs in TensorFlow.js: value and autodiff gradient (float32)', () => {
    const f = compileFormula(tf, parseFormula(expr, names));
    const [L, dx, dy] = tf.tidy(() => {
      const at = (x: tf.Tensor, y: tf.Tensor) => f({ x, y });
      const [a, b] = tf.grads(at)([tf.scalar(X), tf.scalar(Y)]);
      return [at(tf.scalar(X), tf.scalar(Y)), a!, b!].map((t) => t.dataSync()[0]!);
    });
    expect(L).toBeCloseTo(value, 5);
    expect(dx).toBeCloseTo(gx, 5);
    expect(dy).toBeCloseTo(gy, 5);
  });
});

describe('a defined function is a formula function everywhere', () => {
  it('its second derivative comes from its one rule: softplus″ = σ(x)(1 − σ(x))', () => {
    const ast = parseFormula('softplus(x)', names);
    const d2 = evaluateScalar({ ...ast, root: derive(derive(ast.root, 'x'), 'x') })({ x: X });
    close(d2, sigmoid(X) * (1 - sigmoid(X)));
  });

  it('is checked for arity and listed among the functions', () => {
    expect(checkFormula('softplus(x, y)', names)[0]?.message).toBe('softplus takes 1 argument, got 2');
    expect(checkFormula('softplus', names)[0]?.message).toMatch(/softplus is a function/);
    expect(checkFormula('nope(x)', names)[0]?.message).toMatch(/functions are .*softplus/);
  });

  it('refuses a second definition and names that are not plain words', () => {
    const entry = { arity: 1 as const, value: Math.abs, partial: () => 0 as never, js: 'f', wgsl: 'f' };
    expect(() => defineFunction('softplus', { ...entry, call: 'softplus' })).toThrow(/cannot define/);
    expect(() => defineFunction('a.b', entry)).toThrow(/cannot define/);
    expect(() => defineFunction('ok', { ...entry, call: 'sin' })).toThrow(/cannot call/);
  });
});
