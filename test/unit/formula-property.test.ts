/**
 * Property tests: whatever the input, parsing and compiling return a value or throw a FormulaError,
 * never anything else; and random valid trees compile and agree with the float64 evaluator.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFormula, evaluateColumns, evaluateScalar, FormulaError, parseFormula } from '../../shared/formula';
import { compileFormula } from '../../src-main/engine/loss/compile';

const names = { params: ['x', 'y'], dataVars: ['u'] };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Parse, then compile and run: any outcome but a FormulaError is a failure. */
function attempt(expr: string): void {
  let ast;
  try {
    ast = parseFormula(expr, names);
  } catch (err) {
    if (!(err instanceof FormulaError))
      throw new Error(`not a FormulaError for ${JSON.stringify(expr)}: ${String(err)}`);
    expect(err.column).toBeGreaterThanOrEqual(1);
    expect(err.column).toBeLessThanOrEqual(expr.length + 1);
    expect(err.message.length).toBeGreaterThan(0);
    return;
  }
  const f = compileFormula(tf, ast);
  tf.tidy(() => {
    const out = f({ x: tf.tensor1d([0.5, -1]), y: tf.tensor1d([2, 0]), u: tf.scalar(0.3) });
    expect(out.dtype).toBe('float32');
  });
  expect(typeof evaluateScalar(ast)({ x: 0.5, y: 2, u: 0.3 })).toBe('number');
}

const alphabet = [
  'x',
  'y',
  'u',
  'z',
  '1',
  '2',
  '.',
  'e',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  ',',
  ' ',
  '=',
  '[',
  ']',
  '{',
  '}',
  ':',
  '?',
  '"',
  "'",
  '!',
  ';',
  '%',
  '<',
  '&',
  '|',
  's',
  'i',
  'n',
  'c',
  'o',
  'p',
  'w',
  'm',
  'a',
  'l',
  'g',
  'sin',
  'cos',
  'exp',
  'log',
  'max',
  'pow',
  'pi',
  'import',
  'constructor',
  '\n',
];

describe('formula property tests', () => {
  it('random strings: a value or a FormulaError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => attempt(s)),
      { numRuns: 2000 },
    );
  });

  it('random token soups: a value or a FormulaError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }), (tokens) => attempt(tokens.join(''))),
      { numRuns: 3000 },
    );
  });

  it('checkFormula never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const problems = checkFormula(s, names);
        for (const p of problems) expect(p.column).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('random valid trees: tfjs (float32) agrees with the float64 evaluators', () => {
    const leaf = fc.oneof(
      fc.constantFrom('x', 'y', 'u', 'pi'),
      fc.double({ min: -3, max: 3, noNaN: true }).map((v) => `(${v.toFixed(3)})`),
    );
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(tie('expr'), fc.constantFrom(2, 3)).map(([a, n]) => `(${a})^${n}`),
        tie('expr').map((a) => `-(${a})`),
        fc.tuple(fc.constantFrom('tanh', 'atan', 'abs'), tie('expr')).map(([f, a]) => `${f}(${a})`),
        // sin and cos of a bounded argument: beyond ~10⁴ float32 rounds the argument itself by more
        // than a period, and no float32 evaluator can agree with float64 there.
        fc.tuple(fc.constantFrom('sin', 'cos'), tie('expr')).map(([f, a]) => `${f}(4 * atan(${a}))`),
        tie('expr').map((a) => `exp(tanh(${a}))`),
        tie('expr').map((a) => `log(1 + (${a})^2)`),
        tie('expr').map((a) => `sqrt(1 + (${a})^2)`),
        fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `max(${a}, ${b})`),
        fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) / (2 + sin(${b}))`),
      ),
    }));
    fc.assert(
      fc.property(
        expr,
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (s, x, y) => {
          const ast = parseFormula(s, names);
          const want = evaluateScalar(ast)({ x, y, u: 0.7 });
          const cols = evaluateColumns(ast)({ x: Float64Array.of(x), y, u: 0.7 }, 1)[0]!;
          expect(cols).toBeCloseTo(want, 9);
          if (!Number.isFinite(want) || Math.abs(want) > 1e6) return;
          const got = tf.tidy(
            () => compileFormula(tf, ast)({ x: tf.scalar(x), y: tf.scalar(y), u: tf.scalar(0.7) }).dataSync()[0]!,
          );
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-3 * (1 + Math.abs(want)));
        },
      ),
      // A fixed seed: CI checks the same 500 trees every time (a failure names them; rerun with
      // another seed to explore).
      { numRuns: 500, seed: Number(process.env.FORMULA_PROPERTY_SEED ?? 20261128) },
    );
  });
});
