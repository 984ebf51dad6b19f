/**
 * Gradients from tf autodiff against symbolic derivatives (mathjs `derivative`, evaluated in
 * float64) for every preset and for random formulas; the presets' minima and saddles are checked to
 * be stationary and of the stated kind.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import fc from 'fast-check';
import { derivative, parse as mathParse } from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFormula } from '../../shared/formula';
import { PRESETS, type Preset } from '../../shared/losses/presets';
import type { Loss } from '../../shared/experiment/experiment';
import { buildLoss } from '../../src-main/engine/loss/build';
import { compileFormula } from '../../src-main/engine/loss/compile';
import { generateData, loadDataSet } from '../../src-main/engine/loss/loss-data';
import { Rng } from '../../shared/data/prng';
import type { DataSet } from '../../src-main/engine/api';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Scope = Record<string, number>;
const evaluator = (expr: string) => {
  const code = mathParse(expr).compile();
  return (scope: Scope) => Number(code.evaluate({ ...scope }));
};

/** The reference: ∂L/∂p by mathjs, float64, averaged over the data. */
function symbolicGradient(expr: string, params: string[], data: DataSet) {
  const parts = params.map((p) => evaluator(derivative(expr, p).toString()));
  return (point: number[]) => {
    const scope: Scope = {};
    params.forEach((p, i) => (scope[p] = point[i]!));
    return parts.map((d) => {
      if (data.n === 0) return d(scope);
      let sum = 0;
      for (let k = 0; k < data.n; k++) {
        data.vars.forEach((v, j) => (scope[v] = data.columns[j]![k]!));
        sum += d(scope);
      }
      return sum / data.n;
    });
  };
}

function lossOf(p: Preset): Loss {
  return { expr: p.expr, params: p.params, domain: p.domain, ...(p.data ? { data: p.data } : {}) };
}

function autodiffGradient(loss: Loss, data: DataSet, point: number[]): number[] {
  const built = buildLoss(tf, loss, data);
  try {
    return tf.tidy(() =>
      Array.from(
        tf
          .grad((phi: tf.Tensor) => tf.sum(built.mean(phi)))(tf.tensor2d([point]))
          .dataSync(),
      ),
    );
  } finally {
    built.dispose();
  }
}

function expectClose(got: number[], want: number[], scale: number): void {
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(Math.abs(g - w), `component ${i}: ${g} vs ${w}`).toBeLessThanOrEqual(2e-4 * (Math.abs(w) + scale) + 1e-5);
  });
}

describe('preset gradients', () => {
  for (const preset of PRESETS) {
    it(`${preset.name}: autodiff = symbolic at random points`, async () => {
      const loss = lossOf(preset);
      const data = await loadDataSet(loss, { seed: 7, baseDir: '.' });
      const reference = symbolicGradient(preset.expr, preset.params, data);
      const rng = new Rng(11);
      for (let k = 0; k < 8; k++) {
        const point = preset.domain.map(([lo, hi]) => lo + (hi - lo) * rng.uniform());
        const want = reference(point);
        // Scale: the size of the terms that cancel, estimated by the gradient's size around the point.
        const scale = Math.max(1, ...want.map(Math.abs));
        expectClose(autodiffGradient(loss, data, point), want, scale);
      }
    });
  }
});

describe('preset minima and saddles', () => {
  for (const preset of PRESETS) {
    it(`${preset.name}: listed points are stationary and of their kind`, () => {
      // Data presets: the population loss, approximated by a large sample.
      const data =
        preset.data && 'vars' in preset.data
          ? generateData(preset.data.vars, 20_000, 3)
          : { vars: [], columns: [], n: 0 };
      const grad = symbolicGradient(preset.expr, preset.params, data);
      const hess = preset.params.map((p) =>
        symbolicGradient(derivative(preset.expr, p).toString(), preset.params, data),
      );
      const tol = data.n > 0 ? 0.03 : 1e-3;
      const check = (point: number[], kind: 'minimum' | 'saddle') => {
        const g = grad(point);
        expect(Math.hypot(...g), `${kind} ${point}: gradient ${g}`).toBeLessThan(tol);
        const H = hess.map((row) => row(point));
        const eig = eigenvalues(H);
        if (kind === 'minimum') expect(Math.min(...eig), `${kind} ${point}: ${eig}`).toBeGreaterThan(0);
        else expect(Math.min(...eig) * Math.max(...eig), `${kind} ${point}: ${eig}`).toBeLessThan(0);
        // And inside the drawn domain.
        point.forEach((v, i) => {
          const [lo, hi] = preset.domain[i]!;
          expect(v).toBeGreaterThanOrEqual(lo);
          expect(v).toBeLessThanOrEqual(hi);
        });
      };
      preset.minima.forEach((m) => check(m, 'minimum'));
      preset.saddles.forEach((s) => check(s, 'saddle'));
      expect(preset.start.length).toBe(preset.params.length);
      expect(parseFormula(preset.expr, { params: preset.params, dataVars: data.vars }).params).toEqual(preset.params);
    });
  }
});

/** Eigenvalues of a symmetric 1×1 or 2×2 matrix. */
function eigenvalues(H: number[][]): number[] {
  if (H.length === 1) return [H[0]![0]!];
  const a = H[0]![0]!;
  const b = (H[0]![1]! + H[1]![0]!) / 2;
  const d = H[1]![1]!;
  const m = (a + d) / 2;
  const r = Math.sqrt(((a - d) / 2) ** 2 + b * b);
  return [m - r, m + r];
}

describe('gradients of random formulas', () => {
  const leaf = fc.oneof(
    fc.constantFrom('x', 'y', 'x', 'y', 'u'),
    fc.double({ min: -2, max: 2, noNaN: true }).map((v) => `(${v.toFixed(2)})`),
  );
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc
        .tuple(tie('expr'), fc.constantFrom(2, 3, -1))
        .map(([a, n]) => (n === -1 ? `(2 + (${a})^2)^-1` : `(${a})^${n}`)),
      fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'atan'), tie('expr')).map(([f, a]) => `${f}(${a})`),
      tie('expr').map((a) => `exp(sin(${a}))`),
      tie('expr').map((a) => `log(1 + (${a})^2)`),
      tie('expr').map((a) => `sqrt(1 + (${a})^2)`),
      tie('expr').map((a) => `sinh(atan(${a})) + cosh(tanh(${a}))`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) / (2 + cos(${b}))`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `pow(${a}, 2) * ${b}`),
    ),
  }));

  it('autodiff = mathjs derivative (float64) at random points', () => {
    const point = fc.double({ min: -1.5, max: 1.5, noNaN: true });
    fc.assert(
      fc.property(expr, point, point, point, (s, x, y, u) => {
        const ast = parseFormula(s, { params: ['x', 'y'], dataVars: ['u'] });
        const f = compileFormula(tf, ast);
        const got = tf.tidy(() =>
          // tf.grads refuses a function that ignores an input: tie both in with a zero term.
          tf
            .grads((a: tf.Tensor, b: tf.Tensor) => tf.add(f({ x: a, y: b, u: tf.scalar(u) }), tf.mul(0, tf.add(a, b))))(
              [tf.scalar(x), tf.scalar(y)],
            )
            .map((g) => g.dataSync()[0]!),
        );
        const scope = { x, y, u };
        const want = ['x', 'y'].map((p) => evaluator(derivative(s, p).toString())(scope));
        if (want.some((w) => !Number.isFinite(w) || Math.abs(w) > 1e4)) return;
        // float32 tolerance relative to the size of the function's terms.
        const size = Math.max(1, Math.abs(evaluator(s)(scope)), ...want.map(Math.abs));
        got.forEach((g, i) =>
          expect(Math.abs(g - want[i]!), `${s} at ${x},${y},${u}`).toBeLessThanOrEqual(2e-3 * size),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('integer powers: negative bases work, gradients finite at 0', () => {
    const f = compileFormula(
      tf,
      parseFormula('x^2 + y^3 + x^4 * y^-2 + pow(x, 0)', { params: ['x', 'y'], dataVars: [] }),
    );
    const [gx, gy] = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor) => f({ x: a, y: b }))([tf.tensor1d([0, -2]), tf.tensor1d([1, -1])])
        .map((g) => Array.from(g.dataSync())),
    );
    expect(gx).toEqual([0, 2 * -2 + 4 * -8 * 1]);
    expect(gy![0]).toBeCloseTo(3, 5);
    expect(gy![1]).toBeCloseTo(3 - 2 * 16 * -1, 4);
    const v = tf.tidy(() => Array.from(f({ x: tf.tensor1d([-2]), y: tf.tensor1d([-1]) }).dataSync()));
    expect(v[0]).toBeCloseTo(4 - 1 + 16 + 1, 5);
    const sq = compileFormula(tf, parseFormula('x^2', { params: ['x'], dataVars: [] }));
    expect(
      tf.tidy(
        () =>
          tf
            .grad((a: tf.Tensor) => sq({ x: a }))(tf.scalar(0))
            .dataSync()[0],
      ),
    ).toBe(0);
  });
});
