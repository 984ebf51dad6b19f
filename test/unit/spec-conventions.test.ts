/**
 * The conventions SPEC fixes (issue #18, numerics 4), each against numbers derived by hand from SPEC,
 * on the compiled kernels and TensorFlow.js (wasm): cosine at t (§4), warmup's `then` at t − W (§4),
 * N_B = max(1, N·B₀/B) (§5), adam/adamw/adagrad/lion scaling η only (§5), `secondMoment: examples`
 * with a gaussian estimate (§5), the loss over live particles and the position a diverged particle
 * keeps (§9), and the four extra optimizers' defaults (§3; their updates: engine-optimizers.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../shared/schedule';
import type { Recording } from '../../shared/experiment/recording';
import { effectiveOptimizer } from '../../shared/experiment/hyper';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { engineFor, experiment } from './engine-helpers';

const ONE_D = { expr: '0.5*x^2', params: ['x'], domain: [[-2, 2]] };

/** Each value within 1e-15 of the hand-derived one. */
function expectValues(got: readonly number[], want: readonly number[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 15));
}

async function record(input: unknown, backend: 'compiled' | 'wasm'): Promise<Recording['runs']> {
  return (await runExperiment(experiment(input), { baseDir: '.', backend, threads: 1 })).runs;
}

describe('schedules (SPEC §4), by hand', () => {
  it('cosine uses t: η_t = min + (η₀ − min)(1 + cos(π t/T))/2 for t ≤ T, then min', () => {
    const s = { type: 'cosine' as const, T: 10, min: 0.01 };
    expect(learningRate(s, 0.1, 1)).toBeCloseTo(0.01 + (0.09 * (1 + Math.cos(Math.PI / 10))) / 2, 15);
    expect(learningRate(s, 0.1, 5)).toBeCloseTo(0.055, 15);
    expect(learningRate(s, 0.1, 10)).toBeCloseTo(0.01, 15);
    expect(learningRate(s, 0.1, 11)).toBe(0.01);
  });

  it("warmup's `then` runs on its own clock, t − W", () => {
    const warm = (then: unknown) => ({ type: 'warmup' as const, steps: 4, then }) as Parameters<typeof learningRate>[0];
    const exp = warm({ type: 'exponential', gamma: 0.5 });
    expectValues(
      [1, 2, 3, 4, 5, 6].map((t) => learningRate(exp, 0.1, t)),
      [0.025, 0.05, 0.075, 0.1, 0.05, 0.025],
    );
    // cosine T = 4 from step 5: t − W = 2 is halfway (0.05), t − W = 4 the end (min 0).
    const cos = warm({ type: 'cosine', T: 4, min: 0 });
    expect(learningRate(cos, 0.1, 6)).toBeCloseTo(0.05, 15);
    expect(learningRate(cos, 0.1, 8)).toBeCloseTo(0, 15);
    const step = warm({ type: 'step', factor: 0.5, at: [2] });
    expectValues(
      [5, 6].map((t) => learningRate(step, 0.1, t)),
      [0.1, 0.05],
    );
  });
});

describe('batch scaling (SPEC §5), by hand', () => {
  const scaled = (optimizer: unknown, batch: number, from: number) =>
    effectiveOptimizer(
      experiment({
        steps: 1,
        loss: ONE_D,
        runs: [{ optimizer, gradient: { kind: 'gaussian', batch, cov: [[1]] }, batchScaling: { from } }],
      }).runs[0]!,
    );

  it('N_B = max(1, N·B₀/B): a 20× batch takes N = 10 to 1, not 0.5', () => {
    expect(scaled({ type: 'momentum', lr: 0.01, N: 10 }, 20, 1)).toEqual({ type: 'momentum', lr: 4, N: 1 });
    expect(scaled({ type: 'momentum-ema', lr: 0.01, beta: 0.9 }, 20, 1)).toEqual({
      type: 'momentum-ema',
      lr: 0.2,
      N: 1,
    });
    expect(scaled({ type: 'adam-simplified', lr: 0.01, Ng: 10, Ns: 1000 }, 20, 1)).toMatchObject({
      lr: 0.2,
      Ng: 1,
      Ns: 1000,
    });
    expect(scaled({ type: 'momentum-ema', lr: 0.01, N: 10 }, 8, 2)).toMatchObject({ lr: 0.04, N: 2.5 });
  });

  it.each([
    { type: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6 },
    { type: 'adamw', lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05 },
    { type: 'adagrad', lr: 0.01, eps: 1e-6 },
    { type: 'lion', lr: 0.01, beta1: 0.8, beta2: 0.9, weightDecay: 0.1 },
  ])('$type scales η only (B/B₀ = 4) and keeps its β’s', (opt) => {
    expect(scaled(opt, 8, 2)).toEqual({ ...opt, lr: 0.04 });
  });
});

describe('defaults of the four extra optimizers (SPEC §3 table)', () => {
  it('nesterov N 10; adagrad ε 1e-10; adamw β₁ 0.9, β₂ 0.999, λ 0.01; lion β₁ 0.9, β₂ 0.99, λ 0', () => {
    const runs = experiment({
      steps: 1,
      loss: ONE_D,
      runs: ['nesterov', 'adagrad', 'adamw', 'lion'].map((type) => ({ optimizer: { type } })),
    }).runs.map((r) => r.optimizer);
    expect(runs[0]).toMatchObject({ N: 10 });
    expect(runs[1]).toMatchObject({ eps: 1e-10 });
    expect(runs[2]).toMatchObject({ beta1: 0.9, beta2: 0.999, weightDecay: 0.01 });
    expect(runs[3]).toMatchObject({ beta1: 0.9, beta2: 0.99, weightDecay: 0 });
  });
});

describe.each(['compiled', 'wasm'] as const)('on %s', (backend) => {
  it('records η_t of cosine at t and of warmup’s `then` at t − W, and batch-scaled η for adam', async () => {
    const runs = await record(
      {
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
      },
      backend,
    );
    // t = 0 records η_1. Cosine: t = 4 is halfway, t = 8 = T the end.
    expect(runs[0]!.lr[4]).toBeCloseTo(0.05, 15);
    expect(runs[0]!.lr[8]).toBeCloseTo(0, 15);
    expectValues(runs[1]!.lr.slice(1), [0.025, 0.05, 0.075, 0.1, 0.05, 0.025, 0.0125, 0.00625]);
    expect(runs[2]!.lr[1]).toBeCloseTo(0.04, 15);
  });

  it('secondMoment "examples" with a gaussian estimate: B independent per-example gradients g + ε_b', async () => {
    // At the minimum of ½x² (g = 0) with B = N_s = 2, rmsprop's first step is Δx = −η ĝ/√s with
    // ĝ = (ε₁ + ε₂)/2 and s = (ε₁² + ε₂²)/2: for independent normals (ε₁, ε₂) = ρ(cos θ, sin θ), θ
    // uniform, so Δx/η = −sin(θ + π/4) and E[(Δx/η)²] = 1/2, E|Δx/η| = 2/π. (One draw ĝ for all b,
    // or ĝ_b = ĝ, would give |Δx/η| = 1 every time.)
    const P = 4000;
    const runs = await record(
      {
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
      },
      backend,
    );
    const r = runs[0]!.final.positions.map((p) => -p[0]! / 0.01);
    const mean = (f: (v: number) => number) => r.reduce((s, v) => s + f(v), 0) / P;
    // sd of r² is √(3/8 − 1/4) = 0.35, of |r| √(1/2 − 4/π²) = 0.31: 5 standard errors of the mean each.
    expect(Math.abs(mean((v) => v * v) - 0.5)).toBeLessThan((5 * 0.354) / Math.sqrt(P));
    expect(Math.abs(mean(Math.abs) - 2 / Math.PI)).toBeLessThan((5 * 0.308) / Math.sqrt(P));
  });

  it('the loss is the mean over the live particles; a diverged one keeps where it stopped', async () => {
    // L = x⁴/4, η = 0.5: x ← x − x³/2, which runs away from |x₀| > 2 and settles towards 0 inside.
    const input = {
      seed: 2,
      steps: 40,
      loss: { expr: '0.25*x^4', params: ['x'], domain: [[-3, 3]] },
      runs: [{ optimizer: { type: 'sgd', lr: 0.5 }, start: [0], spread: 1.6, particles: 200 }],
      record: { every: 40, particles: 200 },
    };
    const run = (await record(input, backend))[0]!;
    const starts = run.positions[0]!.map((p) => p[0]!);
    // A float64 reference per particle, from SPEC: the SGD update until x or L is no longer finite.
    const ref = starts.map((x0) => {
      let x = x0;
      for (let t = 1; t <= 40; t++) {
        const next = x - 0.5 * x ** 3;
        if (!Number.isFinite(next) || !Number.isFinite(0.25 * next ** 4)) return { x, live: false };
        x = next;
      }
      return { x, live: true };
    });
    const live = ref.filter((p) => p.live);
    expect(live.length).toBeGreaterThan(50);
    expect(live.length).toBeLessThan(190);
    expect(run.diverged?.particles).toBe(200 - live.length);
    const meanLive = live.reduce((s, p) => s + 0.25 * p.x ** 4, 0) / live.length;
    expect(run.loss[1]! / meanLive - 1).toBeLessThan(1e-3);
    expect(meanLive / run.loss[1]! - 1).toBeLessThan(1e-3);
    expect(run.final.loss).toBe(run.loss[1]);
    // Every particle keeps a finite position: the live ones near the reference, the stopped ones where they stopped.
    run.final.positions.forEach((p, i) => {
      expect(p[0]).not.toBeNull();
      if (ref[i]!.live) expect(Math.abs(p[0]! - ref[i]!.x)).toBeLessThan(1e-4);
      else expect(Math.abs(p[0]!)).toBeGreaterThan(2);
    });
  });
});

describe('a diverged particle stops at its last finite position, at the step it turned non-finite', () => {
  // ½x², η = 3: x_t = (−2)^t. x² overflows at x = 2^512 in float64 (compiled) and 2^64 in float32
  // (TensorFlow.js): the step that made x unusable is 512 (64), whatever record.every, and x stays there.
  it.each([
    ['compiled', 1, 512],
    ['compiled', 10, 512],
    ['wasm', 1, 64],
    ['wasm', 10, 64],
  ] as const)('%s, record.every %i: step %i', async (backend, every, step) => {
    const runs = await record(
      {
        steps: 600,
        loss: ONE_D,
        runs: [{ optimizer: { type: 'sgd', lr: 3 }, start: [1], particles: 2 }],
        record: { every, particles: 2 },
      },
      backend,
    );
    expect(runs[0]!.diverged).toEqual({ step, particles: 2 });
    expect(runs[0]!.final.positions).toEqual([[2 ** step], [2 ** step]]);
    expect(runs[0]!.final.loss).toBeNull();
    expect(runs[0]!.loss[runs[0]!.t.indexOf(step - (step % every) - every)]).toBe(
      0.5 * 4 ** (step - (step % every) - every),
    );
    // JSON writes what the recording holds: the frozen finite position, null only for non-finite values.
    expect(JSON.parse(JSON.stringify(runs[0]!.final))).toEqual({
      t: 600,
      positions: [[2 ** step], [2 ** step]],
      loss: null,
    });
  });
});

describe('the optimizer state on the compiled kernels', () => {
  it('the state on the compiled kernels: E[s₁] = (B/N_s)(g² + Σ) with per-example ε_b ~ N(0, Σ)', async () => {
    // L = x (g = 1 everywhere), B = 2, N_s = 4, Σ = 9: s₁ = (1/N_s) Σ_b (1 + ε_b)², E = (2/4)(1 + 9) = 5
    // (per-example noise of Σ/B would give 2.75). sd of one s₁ is √(2·(2·81 + 4·9))/4 = 4.97.
    const P = 4000;
    const { engine } = await engineFor(
      {
        seed: 4,
        steps: 1,
        loss: { expr: 'x', params: ['x'], domain: [[-2, 2]] },
        runs: [
          {
            optimizer: { type: 'rmsprop', lr: 0.001, N: 4, secondMoment: 'examples' },
            gradient: { kind: 'gaussian', batch: 2, cov: [[9]] },
            start: [0],
            particles: P,
          },
        ],
      },
      0,
      'compiled',
    );
    engine.step(1);
    const s = engine.state!()!;
    expect(s.slots).toEqual(['s']);
    expect(Math.abs(s.mean[0]![0]! - 5)).toBeLessThan((5 * 4.97) / Math.sqrt(P));
    engine.dispose();
  });
});
