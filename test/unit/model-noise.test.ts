/**
 * A model run's randomness (SPEC §13): one step from a common Φ₀ of many particles, whose spread is
 * the gradient noise. Minibatch (B examples with replacement): mean −η g, covariance η² Σ/B with Σ
 * the per-example gradient covariance (divisor n); gaussian σ²: η² σ²/B I; Langevin's sampled noise
 * ε = (1/√(m − 1)) Σ_j z_j (g_j − ḡ)/√B: again η² Σ/B. g, g_j and Σ come from the reference MLP.
 * And the initial weights: their scale per activation, zero biases, one Φ₀ per seed.
 */
import { describe, expect, it } from 'vitest';
import { modelLayout } from '../../shared/model/layout';
import { initialWeights } from '../../src-main/engine/model/init';
import { ModelRun } from '../../src-main/engine/model/model-run';
import { dataOf, example, modelExperiment, moons, refExample, refFull, type RefNet } from './model-reference';

const train = moons(30, 0.3, 4);
const net: RefNet = { widths: [2, 3, 1], act: 'tanh', out: 'logistic' };
const model = { hidden: [3], activation: 'tanh' as const, output: 'logistic' as const };
const P = 4000;
const eta = 0.5;

/** Φ₁ − Φ₀ of every particle after one step of `run` from the common start. */
function oneStep(run: object): { start: number[]; steps: number[][] } {
  const engine = new ModelRun(modelExperiment(model, [{ particles: P, ...run }], { seed: 8 }), 0, dataOf(train));
  const start = Array.from(engine.positions64(1));
  engine.step(1);
  const all = engine.positions64(P);
  const D = start.length;
  const steps = Array.from({ length: P }, (_, i) => start.map((s, d) => all[i * D + d]! - s));
  return { start, steps };
}

/** The per-example gradient covariance Σ (divisor n) and the mean gradient at Φ. */
function sigma(phi: number[]): { g: number[]; S: number[][] } {
  const { grad: g } = refFull(net, phi, train);
  const gs = Array.from({ length: train.n }, (_, j) => {
    const { x, y } = example(train, j);
    return refExample(net, phi, x, y).grad;
  });
  const S = g.map((_, a) =>
    g.map((__, b) => gs.reduce((acc, gj) => acc + (gj[a]! - g[a]!) * (gj[b]! - g[b]!), 0) / train.n),
  );
  return { g, S };
}

function moments(steps: number[][]): { mean: number[]; cov: number[][] } {
  const D = steps[0]!.length;
  const mean = Array.from({ length: D }, (_, d) => steps.reduce((a, s) => a + s[d]!, 0) / steps.length);
  const cov = mean.map((_, a) =>
    mean.map(
      (__, b) => steps.reduce((acc, s) => acc + (s[a]! - mean[a]!) * (s[b]! - mean[b]!), 0) / (steps.length - 1),
    ),
  );
  return { mean, cov };
}

/** Mean within 5 standard errors of −η g; the covariance's entries within 5 of their standard errors (Gaussian: √((C_aa C_bb + C_ab²)/P)). */
function expectNoise(steps: number[][], g: number[], C: number[][], slack = 1) {
  const { mean, cov } = moments(steps);
  g.forEach((gd, d) => expect(Math.abs(mean[d]! + eta * gd)).toBeLessThan(5 * Math.sqrt(C[d]![d]! / P) + 1e-12));
  for (let a = 0; a < g.length; a++)
    for (let b = 0; b <= a; b++) {
      const se = Math.sqrt((C[a]![a]! * C[b]![b]! + C[a]![b]! ** 2) / P);
      expect(Math.abs(cov[a]![b]! - C[a]![b]!)).toBeLessThan(5 * slack * se + 1e-15);
    }
}

describe('model gradient noise, one step from a common Φ₀', () => {
  it('minibatch B = 4 with replacement: mean −η g, covariance η² Σ/B', () => {
    const B = 4;
    const { start, steps } = oneStep({
      optimizer: { type: 'sgd', lr: eta },
      gradient: { kind: 'minibatch', batch: B },
    });
    const { g, S } = sigma(start);
    expect(Math.max(...S.map((r, d) => r[d]!))).toBeGreaterThan(1e-3);
    expectNoise(
      steps,
      g,
      S.map((r) => r.map((v) => (eta * eta * v) / B)),
      1.5,
    );
  });

  it('gaussian σ² = 0.04, B = 2: mean −η g, covariance η² σ²/B I', () => {
    const { start, steps } = oneStep({
      optimizer: { type: 'sgd', lr: eta },
      gradient: { kind: 'gaussian', batch: 2, cov: [[0.04]] },
    });
    const { g } = sigma(start);
    const v = (eta * eta * 0.04) / 2;
    expectNoise(
      steps,
      g,
      g.map((_, a) => g.map((__, b) => (a === b ? v : 0))),
    );
  });

  it("Langevin's sampled noise over m = 8 fresh examples, B = 2: covariance η² Σ/B, no D × D matrix", () => {
    const { start, steps } = oneStep({
      optimizer: { type: 'sgd', lr: eta },
      gradient: { kind: 'minibatch', batch: 2 },
      dynamics: { type: 'langevin', sigmaSample: 8 },
    });
    const { g, S } = sigma(start);
    // ε mixes Gaussians over the samples: a little slack over the Gaussian standard error.
    expectNoise(
      steps,
      g,
      S.map((r) => r.map((v) => (eta * eta * v) / 2)),
      2.5,
    );
  });
});

describe('model initial weights (SPEC §13)', () => {
  const layout = modelLayout({ hidden: [200] }, 50, 3);
  const [l1, l2] = layout.layers as [(typeof layout.layers)[0], (typeof layout.layers)[0]];
  const sd = (phi: Float64Array, from: number, count: number) => {
    let s = 0;
    let m = 0;
    for (let k = from; k < from + count; k++) [s, m] = [s + phi[k]! ** 2, m + phi[k]!];
    return { sd: Math.sqrt(s / count), mean: m / count };
  };

  it.each([
    ['tanh', 2 / 250, 2 / 203],
    ['sigmoid', 2 / 250, 2 / 203],
    ['relu', 2 / 50, 2 / 200],
    ['gelu', 2 / 50, 2 / 200],
  ] as const)('%s: W ~ N(0, %f), N(0, %f) per layer, biases 0', (act, v1, v2) => {
    const phi = initialWeights(layout, act, 17);
    const a = sd(phi, l1.w, 50 * 200);
    expect(Math.abs(a.sd / Math.sqrt(v1) - 1)).toBeLessThan(0.03); // 10⁴ draws: sd's error ≈ 0.7 %
    expect(Math.abs(a.mean)).toBeLessThan(5 * Math.sqrt(v1 / 1e4));
    const b = sd(phi, l2.w, 600);
    expect(Math.abs(b.sd / Math.sqrt(v2) - 1)).toBeLessThan(0.15);
    expect([...phi.subarray(l1.b, l1.b + 200), ...phi.subarray(l2.b, l2.b + 3)].every((v) => v === 0)).toBe(true);
  });

  it('every run starts from the seed’s Φ₀; initSeed draws another; D numbers are taken as given', () => {
    const e = modelExperiment(
      model,
      [{ optimizer: { type: 'sgd' } }, { optimizer: { type: 'adam' } }, { optimizer: { type: 'sgd' }, start: [] }],
      { seed: 5 },
    );
    e.runs[2] = { ...e.runs[2]!, initSeed: 6 };
    const phi = (i: number, x = e) => Array.from(new ModelRun(x, i, dataOf(train)).positions64(1));
    expect(phi(1)).toEqual(phi(0));
    expect(phi(0)).toEqual(Array.from(initialWeights(modelLayout(model, 2, 1), 'tanh', 5)));
    expect(phi(2)).toEqual(Array.from(initialWeights(modelLayout(model, 2, 1), 'tanh', 6)));
    expect(phi(2)).not.toEqual(phi(0));
    const given = Array.from({ length: 13 }, (_, d) => d / 10);
    e.runs[0] = { ...e.runs[0]!, start: given };
    expect(phi(0)).toEqual(given);
    e.runs[0] = { ...e.runs[0]!, start: [1, 2] };
    expect(() => phi(0)).toThrow('runs[0].start: needs 13 numbers');
  });
});
