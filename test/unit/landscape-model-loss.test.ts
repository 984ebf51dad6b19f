/**
 * The model's full loss as the landscape evaluates it (src-main/landscape/model-loss.ts, plane-kernel.ts)
 * against a float64 network written here from SPEC §13 (Φ layout, activations, output losses): at
 * single points and over a plane's grid through the plane kernel (first layer precomputed), for
 * every output and a few depths and activations.
 */
import { describe, expect, it } from 'vitest';
import type { ModelData } from '../../shared/data/model-data';
import { evaluateGrid, linspace } from '../../shared/landscape/grid';
import type { Model } from '../../shared/experiment/experiment';
import { modelFullLoss } from '../../src-main/landscape/model-loss';
import { LandscapeJob, sharedModel } from '../../src-main/landscape/plane-job';

const act: Record<Model['activation'], (z: number) => number> = {
  tanh: Math.tanh,
  relu: (z) => Math.max(z, 0),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  gelu: (z) => 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3))),
};

/** SPEC §13's network: per layer z = h W + b (W[j][k] at j·fanOut + k, then b), act on hidden layers. */
function reference(model: Model, widths: number[], phi: ArrayLike<number>, x: number[], y: number[]): number {
  let h = x;
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fi, fo] = [widths[l]!, widths[l + 1]!];
    const z = Array.from({ length: fo }, (_, k) =>
      h.reduce((s, v, j) => s + v * phi[at + j * fo + k]!, phi[at + fi * fo + k]!),
    );
    at += (fi + 1) * fo;
    h = l + 2 < widths.length ? z.map(act[model.activation]) : z;
  }
  if (model.output === 'logistic') return Math.log1p(Math.exp(h[0]!)) - y[0]! * h[0]!;
  if (model.output === 'softmax') return Math.log(h.reduce((s, v) => s + Math.exp(v), 0)) - h[y[0]!]!;
  return 0.5 * h.reduce((s, v, k) => s + (v - y[k]!) ** 2, 0);
}

const wave = (i: number) => Math.sin(i * 12.9898 + 1) * 0.8;

function dataFor(model: Model, n: number, test: number, inputs: number, K: number): ModelData {
  const set = (offset: number, rows: number) => {
    const x = Float64Array.from({ length: rows * inputs }, (_, i) => wave(i + offset));
    const base = { x, n: rows, inputs, inputNames: [], targetNames: [] };
    if (model.output === 'linear')
      return { ...base, y: Float64Array.from({ length: rows * K }, (_, i) => wave(3 * i + offset + 7)), outputs: K };
    const classes = model.output === 'logistic' ? 2 : K;
    return { ...base, y: Int32Array.from({ length: rows }, (_, i) => (i * 7 + offset) % classes), classes };
  };
  return { train: set(0, n), test: test > 0 ? set(1000, test) : null, standardization: null };
}

const cases: [Model, number, number][] = [
  [{ hidden: [5, 4], activation: 'tanh', output: 'logistic' }, 3, 1],
  [{ hidden: [6], activation: 'relu', output: 'softmax' }, 2, 3],
  [{ hidden: [], activation: 'tanh', output: 'softmax' }, 4, 3],
  [{ hidden: [3, 3, 2], activation: 'gelu', output: 'linear' }, 2, 2],
  [{ hidden: [4], activation: 'sigmoid', output: 'linear' }, 1, 1],
];

describe('the landscape’s model loss', () => {
  for (const [model, inputs, K] of cases)
    it(`${model.hidden.join('-') || 'no hidden'} ${model.activation} ${model.output}: points and the plane's grid`, () => {
      const data = dataFor(model, 300, 50, inputs, K);
      const loss = modelFullLoss(model, data);
      const widths = [inputs, ...model.hidden, model.output === 'logistic' ? 1 : K];
      expect(loss.D).toBe(widths.slice(1).reduce((s, w, l) => s + (widths[l]! + 1) * w, 0));
      expect(loss.layers!.map((l) => [l.fanIn, l.fanOut])).toEqual(widths.slice(1).map((w, l) => [widths[l], w]));
      const mean = (phi: ArrayLike<number>, set: ModelData['train']) => {
        let s = 0;
        for (let r = 0; r < set.n; r++) {
          const x = Array.from(set.x.subarray(r * inputs, (r + 1) * inputs));
          const y = 'classes' in set ? [set.y[r]!] : Array.from(set.y.subarray(r * K, (r + 1) * K));
          s += reference(model, widths, phi, x, y);
        }
        return s / set.n;
      };
      const D = loss.D;
      const plane = {
        kind: 'random' as const,
        center: Float64Array.from({ length: D }, (_, i) => wave(i + 11)),
        d1: Float64Array.from({ length: D }, (_, i) => wave(i + 500)),
        d2: Float64Array.from({ length: D }, (_, i) => wave(i + 900)),
      };
      expect(loss.loss(plane.center)).toBeCloseTo(mean(plane.center, data.train), 12);
      expect(loss.testLoss!(plane.d1)).toBeCloseTo(mean(plane.d1, data.test!), 12);
      const G = 5;
      const job = { plane, alpha: linspace(-1.5, 1, G), beta: linspace(-1, 2, G) };
      const grid = evaluateGrid(job, loss);
      const testGrid = evaluateGrid(job, loss, true);
      for (let i = 0; i < G; i++)
        for (let j = 0; j < G; j++) {
          const phi = plane.center.map((c, d) => c + job.alpha[j]! * plane.d1[d]! + job.beta[i]! * plane.d2[d]!);
          const ref = mean(phi, data.train);
          expect(Math.abs(grid[i * G + j]! - ref)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref)));
          const refTest = mean(phi, data.test!);
          expect(Math.abs(testGrid[i * G + j]! - refTest)).toBeLessThan(1e-12 * Math.max(1, Math.abs(refTest)));
        }
    });

  it('has no test loss without test examples', () => {
    const model: Model = { hidden: [2], activation: 'tanh', output: 'logistic' };
    expect(modelFullLoss(model, dataFor(model, 10, 0, 2, 1)).testLoss).toBeUndefined();
  });

  it('over worker threads: the same grid, bit for bit, as in one thread', async () => {
    const model: Model = { hidden: [8, 8], activation: 'tanh', output: 'softmax' };
    const data = dataFor(model, 200, 40, 2, 3);
    const loss = modelFullLoss(model, data);
    const D = loss.D;
    const plane = {
      kind: 'pca' as const,
      center: Float64Array.from({ length: D }, (_, i) => wave(i + 3)),
      d1: Float64Array.from({ length: D }, (_, i) => wave(i + 70)),
      d2: Float64Array.from({ length: D }, (_, i) => wave(i + 90)),
    };
    const G = 33;
    const job = { plane, alpha: linspace(-1, 1, G), beta: linspace(-2, 0.5, G) };
    for (const test of [false, true]) {
      const threaded = await new LandscapeJob().grid(job, sharedModel(model, data), test);
      expect(Array.from(threaded)).toEqual(Array.from(evaluateGrid(job, loss, test)));
    }
  });
});
