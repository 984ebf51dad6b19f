/**
 * SPEC's conventions (issue #18, numerics 4) on the WGSL kernels (software adapter), against numbers
 * derived by hand from SPEC: the recorded η_t of cosine (at t) and of warmup's `then` (at t − W) with
 * batch scaling, and `secondMoment: examples` with a gaussian estimate (B independent per-example
 * gradients g + ε_b). The same checks on the CPU backends: spec-conventions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { onGpu } from './webgpu-helpers';

const ONE_D = { expr: '0.5*x^2', params: ['x'], domain: [[-2, 2]] };

describe('SPEC conventions on the GPU', () => {
  it('η_t: cosine at t, warmup’s `then` at t − W, adam’s η scaled by B/B₀ only', async () => {
    const { runs } = await onGpu({
      steps: 8,
      loss: ONE_D,
      runs: [
        { optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'cosine', T: 8, min: 0 } },
        {
          optimizer: { type: 'sgd', lr: 0.1 },
          schedule: { type: 'warmup', steps: 4, then: { type: 'exponential', gamma: 0.5 } },
        },
        {
          optimizer: { type: 'adam', lr: 0.01 },
          gradient: { kind: 'gaussian', batch: 8, cov: [[1]] },
          batchScaling: { from: 2 },
        },
      ],
      record: { every: 1, particles: 1 },
    });
    expect(runs[0]!.lr[4]).toBeCloseTo(0.05, 15);
    expect(runs[0]!.lr[8]).toBeCloseTo(0, 15);
    [0.025, 0.05, 0.075, 0.1, 0.05, 0.025, 0.0125, 0.00625].forEach((v, k) =>
      expect(runs[1]!.lr[k + 1]).toBeCloseTo(v, 15),
    );
    expect(runs[2]!.lr[1]).toBeCloseTo(0.04, 15);
  });

  it('secondMoment "examples" with a gaussian estimate: E[(Δx/η)²] = 1/2, E|Δx/η| = 2/π at g = 0', async () => {
    // rmsprop, B = N_s = 2, at the minimum: Δx/η = −(ε₁ + ε₂)/2 / √((ε₁² + ε₂²)/2) = −sin(θ + π/4), θ uniform.
    const P = 4000;
    const { runs } = await onGpu({
      seed: 3,
      steps: 1,
      loss: ONE_D,
      runs: [
        {
          optimizer: { type: 'rmsprop', lr: 0.01, N: 2, secondMoment: 'examples' },
          gradient: { kind: 'gaussian', batch: 2, cov: [[9]] },
          start: [0],
          particles: P,
        },
      ],
      record: { every: 1, particles: 1 },
    });
    const r = runs[0]!.final.positions.map((p) => -p[0]! / 0.01);
    const mean = (f: (v: number) => number) => r.reduce((s, v) => s + f(v), 0) / P;
    expect(Math.abs(mean((v) => v * v) - 0.5)).toBeLessThan((5 * 0.354) / Math.sqrt(P));
    expect(Math.abs(mean(Math.abs) - 2 / Math.PI)).toBeLessThan((5 * 0.308) / Math.sqrt(P));
  });
});
