/**
 * The WGSL kernels on the software adapter against the compiled CPU kernels: deterministic runs for
 * every optimizer of the table (float32 against float64: agreement to ~1e-4), minibatch runs (the same
 * rows drawn from the same streams), the loop over rows and gradient flow; the stationary variance of
 * noisy SGD in a 1-D basin against ηΣ/(2H − ηH²); divergence frozen at the step float32 overflows.
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../shared/optim/descriptors';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { bothWays, onGpu, type RunRecordings } from './webgpu-helpers';

/** Every recorded loss and position of the GPU within float32 tolerance of the CPU's. */
function expectClose(gpu: RunRecordings, cpu: RunRecordings, tol: number): void {
  expect(gpu.length).toBe(cpu.length);
  gpu.forEach((g, r) => {
    const c = cpu[r]!;
    expect(g.t).toEqual(c.t);
    expect(g.lr).toEqual(c.lr);
    expect(g.tau).toEqual(c.tau);
    g.loss.forEach((L, k) => expect(Math.abs(L! - c.loss[k]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(c.loss[k]!))));
    g.positions.forEach((rows, k) =>
      rows.forEach((row, i) =>
        row.forEach((v, d) => {
          const ref = c.positions[k]![i]![d]!;
          expect(Math.abs(v! - ref), `${g.name} t=${g.t[k]} particle ${i} coordinate ${d}`).toBeLessThanOrEqual(
            tol * (1 + Math.abs(ref)),
          );
        }),
      ),
    );
    expect(g.diverged).toEqual(c.diverged);
  });
}

/** A smooth, non-quadratic bowl (the Hessian changes along the way) with its minimum off the start. */
const BOWL = {
  expr: '0.5*(x - 1)^2 + 1.5*(y + 0.5)^2 + 0.2*sin(3*x)*y + 0.05*x^4',
  domain: [
    [-2, 2],
    [-2, 2],
  ],
};

describe('WGSL kernels agree with the CPU kernels on deterministic runs', () => {
  it('every optimizer of the table, exact gradients', async () => {
    const runs = OPTIMIZERS.map((o) => ({
      name: o.type,
      optimizer: { type: o.type, lr: o.type === 'momentum' || o.type === 'nesterov' ? 0.005 : 0.02 },
      start: [-1.5, 1.5],
      spread: 0.3,
      particles: 24,
    }));
    const { gpu, cpu } = await bothWays({ seed: 5, steps: 60, loss: BOWL, runs, record: { every: 20, particles: 24 } });
    // Every run moved (the comparison is not between two starting points).
    gpu.forEach((g) => expect(Math.abs(g.final.positions[0]![0]! - g.positions[0]![0]![0]!)).toBeGreaterThan(0.05));
    expectClose(gpu, cpu, 2e-4);
  });

  it('minibatch runs draw the same rows (polynomial loss, moments), also through q = Σ ĝ_b²', async () => {
    const { gpu, cpu } = await bothWays({
      seed: 11,
      steps: 40,
      loss: {
        expr: '0.5*(x*u + y*v - w)^2',
        data: { n: 300, vars: { u: { normal: [1, 1] }, v: { uniform: [-1, 2] }, w: { normal: [0.5, 0.3] } } },
        domain: [
          [-2, 2],
          [-2, 2],
        ],
      },
      runs: [
        { name: 'sgd', optimizer: { type: 'sgd', lr: 0.05 }, gradient: { kind: 'minibatch', batch: 3 } },
        {
          name: 'rmsprop',
          optimizer: { type: 'rmsprop', lr: 0.01, secondMoment: 'examples', N: 50 },
          gradient: { kind: 'minibatch', batch: 4 },
        },
      ].map((r) => ({ ...r, start: [1, -1], spread: 0.2, particles: 16 })),
      record: { every: 10, particles: 16 },
    });
    expectClose(gpu, cpu, 2e-4);
  });

  it('a loss that is not polynomial in the data (a loop over rows) and gradient flow (RK4)', async () => {
    const { gpu, cpu } = await bothWays({
      seed: 2,
      steps: 30,
      loss: {
        expr: '0.5*abs(x*u + y - v)^2 + 0.1*exp(0.2*x*u)',
        data: { n: 64, vars: { u: { normal: [1, 0.5] }, v: { uniform: [0, 1] } } },
        domain: [
          [-2, 2],
          [-2, 2],
        ],
      },
      runs: [
        { name: 'exact', optimizer: { type: 'adam', lr: 0.05 } },
        { name: 'minibatch', optimizer: { type: 'momentum-ema', lr: 0.05 }, gradient: { kind: 'minibatch', batch: 2 } },
        { name: 'flow', optimizer: { type: 'sgd', lr: 0.1 }, dynamics: { type: 'gradient-flow', substeps: 3 } },
      ].map((r) => ({ ...r, start: [1.5, -1], spread: 0.2, particles: 8 })),
      record: { every: 10, particles: 8 },
    });
    expectClose(gpu, cpu, 2e-4);
  });
});

describe('noisy runs on the GPU', () => {
  it('SGD in a 1-D basin: stationary variance ηΣ/(2H − ηH²)', async () => {
    // L = H x²/2 with ĝ = H x + N(0, Σ): x_{t+1} = (1 − ηH) x_t − η ξ, Var∞ = η²Σ / (1 − (1 − ηH)²).
    const [H, Sigma, eta, P] = [2, 1, 0.1, 20_000];
    const { runs } = await onGpu({
      seed: 3,
      steps: 150,
      loss: { expr: `${H / 2}*x^2`, params: ['x'], domain: [[-2, 2]] },
      runs: [
        {
          optimizer: { type: 'sgd', lr: eta },
          gradient: { kind: 'gaussian', batch: 1, cov: [[Sigma]] },
          start: [0.5],
          spread: 0,
          particles: P,
        },
      ],
      record: { every: 50, particles: 1 },
    });
    const xs = runs[0]!.final.positions.map((r) => r[0]!);
    expect(xs.length).toBe(P);
    const mean = xs.reduce((a, b) => a + b, 0) / P;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (P - 1);
    const theory = (eta * Sigma) / (2 * H - eta * H * H);
    expect(theory).toBeCloseTo(0.1 / 3.6, 12);
    // The sample variance's standard error is √(2/P) ≈ 1 % of it; the start (0.5·0.8¹⁵⁰) is forgotten.
    expect(Math.abs(variance / theory - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(theory / P));
    // The recorded mean loss is H·Var/2 at the end, summed in float64 from the per-particle losses.
    const meanLoss = (H / 2) * (variance * (1 - 1 / P) + mean * mean);
    expect(Math.abs(runs[0]!.final.loss! / meanLoss - 1)).toBeLessThan(1e-5);
  });
});

/** Mean and variance (divisor P − 1) of the first coordinate of the final cloud. */
function moments(rows: (number | null)[][]): { mean: number; variance: number } {
  const xs = rows.map((r) => r[0]!);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
}

describe('Langevin dynamics on the GPU', () => {
  it('Gaussian noise with substeps: Var∞ = ηΣ/(2H − H²η/K)', async () => {
    // K Euler–Maruyama substeps of dt = η/K: x += −H x dt + √(η dt) σ z, so Var∞ = η dt Σ/(1 − (1 − H dt)²).
    const [H, Sigma, eta, K, P] = [1, 2, 0.2, 4, 20_000];
    const { runs } = await onGpu({
      seed: 8,
      steps: 120,
      loss: { expr: `${H / 2}*x^2`, params: ['x'], domain: [[-2, 2]] },
      runs: [
        {
          optimizer: { type: 'sgd', lr: eta },
          gradient: { kind: 'gaussian', batch: 1, cov: [[Sigma]] },
          dynamics: { type: 'langevin', substeps: K },
          start: [0.3],
          spread: 0,
          particles: P,
        },
      ],
      record: { every: 60, particles: 1 },
    });
    const { mean, variance } = moments(runs[0]!.final.positions);
    const theory = (eta * Sigma) / (2 * H - (H * H * eta) / K);
    expect(Math.abs(variance / theory - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(theory / P));
  });

  it('minibatch noise, Σ(Φ) estimated from sampled rows: Var∞ = ηΣ/(2 − η) around the data mean', async () => {
    // L = mean of (x − u)²/2 over the rows: H = 1, per-example gradients x − u with covariance Var(u)
    // (divisor n: rows are drawn with replacement). One substep: dt = η.
    const input = {
      seed: 4,
      steps: 80,
      loss: {
        expr: '0.5*(x - u)^2',
        params: ['x'],
        data: { n: 500, vars: { u: { normal: [1, 1.5] } } },
        domain: [[-3, 5]],
      },
      runs: [
        {
          optimizer: { type: 'sgd', lr: 0.1 },
          gradient: { kind: 'minibatch', batch: 1 },
          dynamics: { type: 'langevin', sigmaSample: 16 },
          start: [0],
          spread: 0,
          particles: 10_000,
        },
      ],
      record: { every: 40, particles: 1 },
    };
    const { exp, runs } = await onGpu(input);
    const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
    const u = Array.from(data.columns[0]!);
    const uBar = u.reduce((a, b) => a + b, 0) / u.length;
    const Sigma = u.reduce((a, b) => a + (b - uBar) ** 2, 0) / u.length;
    const theory = (0.1 * Sigma) / (2 - 0.1);
    const { mean, variance } = moments(runs[0]!.final.positions);
    expect(Math.abs(variance / theory - 1)).toBeLessThan(0.06);
    expect(Math.abs(mean - uBar)).toBeLessThan(4 * Math.sqrt(theory / 10_000));
  });
});

describe('divergence on the GPU', () => {
  it('freezes each particle at its last finite position, at the step float32 overflows; other runs go on', async () => {
    // L = x²/2, η = 3: x_t = (−2)^t. Step t sees x = (−2)^(t−1); x·x overflows float32 (max ≈ 2^128) first
    // at t = 65 (x = 2^64). A loss that is not finite at a step's start means the previous step made
    // the position unusable: the particle stays at x = 2^64 and counts as stopped at step 64 (the CPU
    // kernels' rule). In float64 the same happens at x = 2^512: step 512.
    const input = {
      seed: 1,
      steps: 600,
      loss: { expr: '0.5*x^2', params: ['x'], domain: [[-2, 2]] },
      runs: [
        { name: 'blows up', optimizer: { type: 'sgd', lr: 3 }, start: [1], spread: 0, particles: 3 },
        { name: 'calm', optimizer: { type: 'sgd', lr: 0.1 }, start: [1], spread: 0.1, particles: 3 },
      ],
      record: { every: 10, particles: 3 },
    };
    const { gpu, cpu } = await bothWays(input);
    expect(gpu[0]!.diverged).toEqual({ step: 64, particles: 3 });
    expect(cpu[0]!.diverged).toEqual({ step: 512, particles: 3 });
    expect(gpu[0]!.final.positions).toEqual([[2 ** 64], [2 ** 64], [2 ** 64]]);
    expect(gpu[0]!.final.loss).toBeNull();
    expect(gpu[0]!.loss[gpu[0]!.t.indexOf(60)]).toBe(0.5 * 2 ** 120);
    expect(gpu[0]!.loss[gpu[0]!.t.indexOf(70)]).toBeNull();
    expect(gpu[1]!.diverged).toBeNull();
    expect(gpu[1]!.final.loss!).toBeLessThan(1e-30);
  });
});
