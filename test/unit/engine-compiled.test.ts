/**
 * The compiled backend beyond what the table-driven engine tests check on both backends: the output
 * never depends on the number of threads, the three fixes of issue 8 (float64 mean loss, the divergence
 * step whatever `record.every`, heavy-ball batch scaling), and the random source on its own.
 */
import { describe, expect, it } from 'vitest';
import { CompiledEnsemble } from '../../src-main/engine/compiled/ensemble';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { randomModule } from '../../src-main/engine/random/counter-js';
import { NO_DATA } from '../../src-main/engine/loss/loss-data';
import { engineFor, experiment } from './engine-helpers';
import { OPTIMIZERS } from '../../shared/optim/descriptors';

describe('compiled against TensorFlow.js wasm, deterministic runs (float32 tolerance)', () => {
  const LR: Record<string, number> = { sgd: 1e-3, momentum: 5e-4, nesterov: 5e-4, adagrad: 0.1, 'momentum-ema': 5e-3 };
  const cases = [
    ...OPTIMIZERS.map((d) => ({ name: d.type, run: { optimizer: { type: d.type, lr: LR[d.type] ?? 1e-2 } } })),
    {
      name: 'gradient flow',
      run: { optimizer: { type: 'sgd', lr: 1e-3 }, dynamics: { type: 'gradient-flow', substeps: 3 } },
    },
    { name: 'langevin, exact', run: { optimizer: { type: 'sgd', lr: 1e-3 }, dynamics: { type: 'langevin' } } },
    {
      name: 'adam, cosine schedule',
      run: { optimizer: { type: 'adam', lr: 0.02 }, schedule: { type: 'cosine', T: 30, min: 0.001 } },
    },
  ];
  it.each(cases)('$name on Rosenbrock, 60 steps', async ({ run }) => {
    const spec = { seed: 2, steps: 60, loss: { preset: 'rosenbrock' }, runs: [{ ...run, start: [-1.2, 1.4] }] };
    const a = (await engineFor(spec, 0, 'compiled')).engine;
    const b = (await engineFor(spec, 0, 'wasm')).engine;
    for (let k = 0; k < 6; k++) {
      a.step(10);
      b.step(10);
      const pa = Array.from(a.read(1).positions);
      const pb = Array.from(b.read(1).positions);
      pa.forEach((v, i) => expect(Math.abs(v - pb[i]!)).toBeLessThan(2e-4 * (1 + Math.abs(v))));
      expect(a.read(0).stats.loss).toBeCloseTo(b.read(0).stats.loss, 3);
      expect(a.read(0).stats.tau).toBeCloseTo(b.read(0).stats.tau, 9);
    }
    a.dispose();
    b.dispose();
  });
});

describe('threads', () => {
  it('1, 2 and 3 threads give the same recording, byte for byte', async () => {
    const exp = experiment({
      seed: 7,
      steps: 60,
      loss: { preset: 'quadratic-2d' },
      runs: [
        {
          optimizer: { type: 'adam', lr: 0.05 },
          gradient: { kind: 'minibatch', batch: 2 },
          particles: 1500,
          spread: 0.5,
        },
        {
          optimizer: { type: 'sgd', lr: 0.05 },
          gradient: { kind: 'minibatch', batch: 1 },
          dynamics: { type: 'langevin', substeps: 2, sigmaSample: 8 },
          particles: 1001,
          spread: 0.2,
        },
        {
          optimizer: { type: 'momentum', lr: 0.01 },
          gradient: {
            kind: 'gaussian',
            batch: 1,
            cov: [
              [1, 0.3],
              [0.3, 2],
            ],
          },
          particles: 7,
        },
      ],
      record: { every: 7, particles: 5 },
    });
    const bytes = await Promise.all(
      [1, 2, 3].map(async (threads) =>
        JSON.stringify(await runExperiment(exp, { baseDir: '.', backend: 'compiled', threads })),
      ),
    );
    expect(bytes[1]).toBe(bytes[0]);
    expect(bytes[2]).toBe(bytes[0]);
    const rec = JSON.parse(bytes[0]!);
    expect(rec.backend).toBe('compiled');
    expect(rec.runs[0].final.positions).toHaveLength(1500);
    expect(rec.runs[0].t).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 60]);
    expect(rec.runs[0].examples[2]).toBe(28);
  }, 60_000);
});

describe('fixes of the independent check', () => {
  it('accumulates the mean loss in float64: x⁴ + y², 1,000 particles of spread 5, lr 0.01', () => {
    const exp = experiment({
      steps: 3,
      loss: {
        expr: 'x^4 + y^2',
        domain: [
          [-5, 5],
          [-5, 5],
        ],
      },
      runs: [{ optimizer: { type: 'sgd', lr: 0.01 }, particles: 1000, spread: 5, start: [0, 0] }],
    });
    const e = new CompiledEnsemble(exp, 0, NO_DATA);
    for (let t = 1; t <= 3; t++) {
      e.step(1);
      const s = e.read(0).stats;
      // Every particle that is still moving has a finite loss, so their mean is finite (or none moves).
      if (s.diverged === null || s.diverged.particles < 1000) expect(Number.isFinite(s.loss)).toBe(true);
    }
    e.dispose();
  });

  it('reports the step a particle first turned non-finite, whatever record.every', async () => {
    const spec = (every: number) =>
      experiment({
        steps: 40,
        loss: {
          expr: 'x^4 + y^2',
          domain: [
            [-5, 5],
            [-5, 5],
          ],
        },
        runs: [{ optimizer: { type: 'sgd', lr: 0.01 }, particles: 1000, spread: 5, start: [0, 0] }],
        record: { every, particles: 1 },
      });
    const steps = await Promise.all(
      [1, 10, 40].map(
        async (every) => (await runExperiment(spec(every), { baseDir: '.', backend: 'compiled' })).runs[0]!.diverged,
      ),
    );
    expect(steps[0]).not.toBeNull();
    expect(steps[1]).toEqual(steps[0]);
    expect(steps[2]).toEqual(steps[0]);
    expect(steps[0]!.step).toBeGreaterThan(0);
    expect(steps[0]!.step).toBeLessThan(10);
  });

  it('batch scaling keeps momentum (η, N) and momentum-ema (Nη, N) the same trajectory (η_B = (B/B₀)² η for the heavy ball)', () => {
    const run = (optimizer: unknown) =>
      experiment({
        seed: 5,
        steps: 100,
        loss: { preset: 'quadratic-2d' },
        runs: [
          {
            optimizer,
            gradient: { kind: 'minibatch', batch: 4 },
            batchScaling: { from: 1 },
            particles: 3,
            spread: 0.3,
          },
        ],
      });
    const a = run({ type: 'momentum', lr: 0.002, N: 8 });
    const b = run({ type: 'momentum-ema', lr: 0.016, N: 8 });
    return Promise.all([
      runExperiment(a, { baseDir: '.', backend: 'compiled' }),
      runExperiment(b, { baseDir: '.', backend: 'compiled' }),
    ]).then(([ra, rb]) => {
      const pa = ra.runs[0]!.final.positions.flat() as number[];
      const pb = rb.runs[0]!.final.positions.flat() as number[];
      pa.forEach((v, i) => expect(v).toBeCloseTo(pb[i]!, 9));
      expect(ra.runs[0]!.lr[1]).toBeCloseTo(0.002 * 16, 12);
      expect(rb.runs[0]!.lr[1]).toBeCloseTo(0.016 * 4, 12);
    });
  });
});

describe('random source', () => {
  const rng = randomModule();

  it('normals: mean 0, variance 1, kurtosis 3, tails as N(0, 1)', () => {
    const n = 2_000_000;
    const z = new Float64Array(n);
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond3 = 0;
    const per = 1000;
    const chunk = new Float64Array(per);
    for (let i = 0; i < n / per; i++) {
      rng.normals(chunk, 12345, i, 1);
      z.set(chunk, i * per);
    }
    for (const v of z) {
      s1 += v;
      s2 += v * v;
      s4 += v ** 4;
      if (Math.abs(v) > 3) beyond3++;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    // P(|Z| > 3) = 0.0026998.
    const p = 0.0026998;
    expect(Math.abs(beyond3 / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('uniforms in (0, 1), and neighbouring keys, particles and steps uncorrelated', () => {
    const n = 100_000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    rng.uniforms(a, 1, 0, 1);
    rng.uniforms(b, 1, 1, 1);
    let lo = 1;
    let hi = 0;
    let mean = 0;
    let cross = 0;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, a[i]!);
      hi = Math.max(hi, a[i]!);
      mean += a[i]!;
      cross += (a[i]! - 0.5) * (b[i]! - 0.5);
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(mean / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(cross / n)).toBeLessThan((5 * (1 / 12)) / Math.sqrt(n));
    // The first draw of consecutive steps of one particle.
    const first = new Float64Array(1);
    let c = 0;
    let prev = 0;
    for (let t = 0; t < n; t++) {
      rng.uniforms(first, 99, 3, t);
      if (t > 0) c += (first[0]! - 0.5) * (prev - 0.5);
      prev = first[0]!;
    }
    expect(Math.abs(c / n)).toBeLessThan((5 * (1 / 12)) / Math.sqrt(n));
  });

  it('is fixed by its key: the same (key, particle, step) gives the same draws', () => {
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    rng.normals(a, 5, 17, 3);
    rng.normals(b, 5, 17, 3);
    expect(Array.from(a)).toEqual(Array.from(b));
    rng.normals(b, 5, 17, 4);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});
