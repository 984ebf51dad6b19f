/** Surfaces: the grid layout, data means, both evaluators agreeing, contour levels; buildLoss shapes. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../shared/losses/presets';
import type { Loss } from '../../shared/experiment/experiment';
import type { DataSet } from '../../src-main/engine/api';
import { buildLoss } from '../../src-main/engine/loss/build';
import { generateData, NO_DATA } from '../../src-main/engine/loss/loss-data';
import { computeSurface, contourLevels } from '../../src-main/engine/loss/loss-grid';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rosenbrock: Loss = {
  expr: '(1 - x)^2 + 100 * (y - x^2)^2',
  params: ['x', 'y'],
  domain: [
    [-2, 2],
    [-1, 3],
  ],
};
const rosen = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe('computeSurface', () => {
  it('is row-major with y outer, x_i = lo + i(hi − lo)/(G − 1)', () => {
    const b = buildLoss(tf, rosenbrock, NO_DATA);
    for (const evaluator of ['js', 'tf'] as const) {
      const G = 5;
      const s = computeSurface(tf, b.f, rosenbrock, NO_DATA, G, { evaluator });
      expect(s.resolution).toBe(G);
      expect(s.values).toHaveLength(G * G);
      for (let j = 0; j < G; j++)
        for (let i = 0; i < G; i++) expect(s.values[j * G + i]).toBeCloseTo(rosen(-2 + i, -1 + j), 2);
      expect(s.min).toBe(0);
      expect(s.max).toBe(rosen(-2, -1));
      expect(s.domain).toEqual(rosenbrock.domain);
    }
    expect(tf.memory().numTensors).toBe(0);
  });

  it('takes the mean over the data; the JS and tf evaluators agree', () => {
    const preset = findPreset('quadratic-2d')!;
    const loss: Loss = { expr: preset.expr, params: preset.params, domain: preset.domain, data: preset.data! };
    const data = generateData((preset.data as { vars: Record<string, { normal: [number, number] }> }).vars, 300, 5);
    const b = buildLoss(tf, loss, data);
    const js = computeSurface(tf, b.f, loss, data, 17, { evaluator: 'js' });
    const viaTf = computeSurface(tf, b.f, loss, data, 17, { evaluator: 'tf' });
    for (let k = 0; k < js.values.length; k++) expect(viaTf.values[k]).toBeCloseTo(js.values[k]!, 3);
    // Direct check of one point: (x_3, y_11).
    const x = -2 + (3 * 6) / 16;
    const y = -2 + (11 * 6) / 16;
    let sum = 0;
    for (let n = 0; n < data.n; n++) {
      const [a, bb, w] = [data.columns[0]![n]!, data.columns[1]![n]!, data.columns[2]![n]!];
      sum += 0.5 * (a * (x - 1) + bb * (y - 1) - a * w) ** 2;
    }
    expect(js.values[11 * 17 + 3]).toBeCloseTo(sum / data.n, 4);
    b.dispose();
  });

  it('one parameter gives a curve of G values', () => {
    const loss: Loss = {
      expr: '0.5 * (x - u)^2',
      params: ['x'],
      domain: [[-2, 4]],
      data: { n: 50, vars: { u: { normal: [1, 1] } } },
    };
    const data = generateData({ u: { normal: [1, 1] } }, 50, 0);
    const b = buildLoss(tf, loss, data);
    for (const evaluator of ['js', 'tf'] as const) {
      const s = computeSurface(tf, b.f, loss, data, 7, { evaluator });
      expect(s.values).toHaveLength(7);
      const mean = data.columns[0]!.reduce((a, v) => a + v, 0) / 50;
      const meanSq = data.columns[0]!.reduce((a, v) => a + v * v, 0) / 50;
      expect(s.values[0]).toBeCloseTo(0.5 * (4 + 4 * mean + meanSq), 4);
    }
    b.dispose();
  });

  it('stays finite-aware: NaN points are skipped for min and max', () => {
    const loss: Loss = { expr: 'log(x)', params: ['x'], domain: [[-1, 1]] };
    const b = buildLoss(tf, loss, NO_DATA);
    const s = computeSurface(tf, b.f, loss, NO_DATA, 5);
    expect(Number.isNaN(s.values[0])).toBe(true);
    expect(s.max).toBe(0);
  });

  it('handles G = 1024 without data', () => {
    const b = buildLoss(tf, rosenbrock, NO_DATA);
    const s = computeSurface(tf, b.f, rosenbrock, NO_DATA, 1024);
    expect(s.values).toHaveLength(1024 * 1024);
    expect(s.values[1023]).toBeCloseTo(rosen(2, -1), 1);
  });
});

describe('contourLevels', () => {
  it('log-spaced for a positive loss', () => {
    const levels = contourLevels(0.01, 100);
    expect(levels.length).toBeGreaterThan(5);
    const ratios = levels.slice(1).map((v, i) => v / levels[i]!);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 6);
    expect(levels.every((v) => v > 0.01 && v < 100)).toBe(true);
  });

  it('linear where the loss is negative, log-spaced above zero, increasing', () => {
    const levels = contourLevels(-4, 4, 1e-3);
    expect(levels.some((v) => v < 0)).toBe(true);
    expect(levels.some((v) => v > 0)).toBe(true);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]!);
    const neg = levels.filter((v) => v < 0);
    const steps = neg.slice(1).map((v, i) => v - neg[i]!);
    for (const d of steps) expect(d).toBeCloseTo(steps[0]!, 9);
    expect(contourLevels(-3, -1).every((v) => v > -3 && v < -1)).toBe(true);
    expect(contourLevels(2, 2)).toEqual([2]);
    expect(contourLevels(NaN, NaN)).toEqual([]);
  });
});

describe('buildLoss', () => {
  const loss: Loss = {
    expr: '0.5 * (x - u)^2 + y * v',
    params: ['x', 'y'],
    domain: [
      [-1, 1],
      [-1, 1],
    ],
    data: { n: 4, vars: {} },
  };
  const data: DataSet = { vars: ['u', 'v'], columns: [Float64Array.of(1, 2, 3, 4), Float64Array.of(0, 1, 0, 1)], n: 4 };

  it('per-example losses broadcast the leading axes of phi and batch', () => {
    const b = buildLoss(tf, loss, data);
    const out = tf.tidy(() => {
      const phi = tf.tensor3d([[[0, 1]], [[2, 0]]]); // [P=2, 1, D]
      const batch = tf.tensor3d([
        [
          [1, 0],
          [3, 1],
          [4, 1],
        ],
      ]); // [1, B=3, K]
      return b.perExample(phi, batch).arraySync();
    });
    expect(out).toEqual([
      [0.5, 4.5 + 1, 8 + 1],
      [0.5, 0.5, 2],
    ]);
    b.dispose();
  });

  it('mean is the data mean; its gradient is the mean gradient; memory is released', () => {
    const b = buildLoss(tf, loss, data);
    const before = tf.memory().numTensors;
    const [value, grad] = tf.tidy(() => {
      const phi = tf.tensor2d([
        [0, 2],
        [1, -1],
      ]);
      const v = b.mean(phi).arraySync() as number[];
      const g = tf
        .grad((p: tf.Tensor) => tf.sum(b.mean(p)))(phi)
        .arraySync() as number[][];
      return [v, g];
    });
    expect(value[0]).toBeCloseTo((0.5 * (1 + 4 + 9 + 16)) / 4 + 2 * 0.5, 5);
    expect(grad[0]![0]).toBeCloseTo(-2.5, 5);
    expect(grad[0]![1]).toBeCloseTo(0.5, 5);
    expect(grad[1]![0]).toBeCloseTo(-1.5, 5);
    expect(tf.memory().numTensors).toBe(before);
    b.dispose();
  });

  it('a formula without some name still gives the full shape, and errors name the problem', () => {
    const plain: Loss = {
      expr: 'x^2',
      params: ['x', 'y'],
      domain: [
        [-1, 1],
        [-1, 1],
      ],
    };
    const b = buildLoss(tf, plain, NO_DATA);
    const r = tf.tidy(() => ({
      shape: b.perExample(tf.zeros([3, 2])).shape,
      grad: tf
        .grad((p: tf.Tensor) => tf.sum(b.mean(p)))(tf.tensor2d([[2, 5]]))
        .arraySync(),
    }));
    expect(r.shape).toEqual([3]);
    expect(r.grad).toEqual([[4, 0]]);
    expect(() => b.perExample(tf.zeros([3, 3]))).toThrow(/last axis of 2/);
    const withData = buildLoss(tf, loss, data);
    expect(() => withData.perExample(tf.zeros([3, 2]))).toThrow(/needs a batch/);
  });
});
