/**
 * Whole runs: tensors do not leak, divergence freezes and counts particles while the run goes on,
 * a file gives the same bytes twice, batch scaling and examples seen, secondMoment "examples".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { effectiveOptimizer } from '../../shared/experiment/hyper';
import { ENGINE_BACKENDS, engineFor, experiment, rowsOf, useBackend } from './engine-helpers';

describe('runs on TensorFlow.js', () => {
  it('keeps tf.memory().numTensors flat over 1000 steps (adam, minibatch, stats)', async () => {
    const { tf, engine } = await engineFor(
      {
        steps: 1000,
        loss: { preset: 'quadratic-2d' },
        runs: [{ optimizer: { type: 'adam' }, gradient: { kind: 'minibatch', batch: 2 }, particles: 8 }],
      },
      0,
      'wasm',
    );
    engine.step(5);
    engine.read(0);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 10; k++) {
      engine.step(100);
      engine.read(4);
    }
    expect(tf.memory().numTensors).toBe(before);
    engine.dispose();
  });
});

describe.each(ENGINE_BACKENDS)('runs on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('freezes particles that diverge, counts them, and goes on with the others', async () => {
    // x ← x − 0.1 x³ blows up for |x| ≳ 4.5; the spread puts some particles there.
    const { engine } = await engineFor({
      seed: 3,
      steps: 50,
      loss: {
        expr: '0.25*x^4 + 0.5*y^2',
        domain: [
          [-5, 5],
          [-5, 5],
        ],
      },
      runs: [{ optimizer: { type: 'sgd', lr: 0.1 }, start: [0, 1], spread: 4, particles: 200 }],
    });
    const start = rowsOf(engine.read(200).positions, 2);
    const far = start.filter(([x]) => Math.abs(x!) > 5).length;
    const near = start.filter(([x]) => Math.abs(x!) < 4).length;
    engine.step(50);
    const s = engine.read(0).stats;
    expect(engine.t).toBe(50);
    expect(s.diverged).not.toBeNull();
    expect(s.diverged!.particles).toBeGreaterThanOrEqual(far);
    expect(s.diverged!.particles).toBeLessThanOrEqual(200 - near);
    expect(s.diverged!.step).toBeGreaterThanOrEqual(1);
    expect(s.diverged!.step).toBeLessThan(10);
    expect(Number.isFinite(s.loss)).toBe(true);
    const end = rowsOf(engine.read(200).positions, 2);
    for (const row of end) expect(row.every(Number.isFinite)).toBe(true); // frozen at the last finite value
    engine.dispose();
  });

  it('gives the same recording bytes for the same file twice', async () => {
    const exp = experiment({
      seed: 7,
      steps: 30,
      loss: { preset: 'quadratic-2d' },
      runs: [
        { optimizer: { type: 'momentum' }, gradient: { kind: 'minibatch', batch: 3 }, particles: 5, spread: 0.2 },
        {
          optimizer: { type: 'rmsprop' },
          gradient: {
            kind: 'gaussian',
            batch: 2,
            cov: [
              [1, 0.2],
              [0.2, 0.5],
            ],
          },
          particles: 4,
        },
        { optimizer: { type: 'sgd' }, gradient: { kind: 'minibatch', batch: 2 }, dynamics: 'langevin', particles: 3 },
      ],
      record: { every: 7 },
    });
    const a = JSON.stringify(await runExperiment(exp, { baseDir: '.', backend }));
    const b = JSON.stringify(await runExperiment(exp, { baseDir: '.', backend }));
    expect(a).toBe(b);
    const rec = JSON.parse(a);
    expect(rec.runs[0].t).toEqual([0, 7, 14, 21, 28, 30]);
    expect(rec.runs[0].final.positions).toHaveLength(5);
    expect(rec.spec.runs[0].optimizer.N).toBe(10);
  });

  it('rescales η and N_μ with batchScaling, N_s unchanged, and counts examples t·B', async () => {
    const base = { gradient: { kind: 'minibatch' as const, batch: 8 }, batchScaling: { from: 2 } };
    // Heavy ball: η = η′/N, so η_B = (B/B₀)² η (SPEC §5 ⚠): 0.01 · 4² with N = 10/4.
    expect(effectiveOptimizer({ ...base, optimizer: { type: 'momentum', lr: 0.01, N: 10 } })).toMatchObject({
      lr: 0.16,
      N: 2.5,
    });
    expect(effectiveOptimizer({ ...base, optimizer: { type: 'momentum-ema', lr: 0.1, N: 10 } })).toMatchObject({
      lr: 0.4,
      N: 2.5,
    });
    expect(
      effectiveOptimizer({
        ...base,
        optimizer: { type: 'adam-simplified', lr: 0.01, Ng: 10, Ns: 1000, eps: 1e-8, secondMoment: 'examples' },
      }),
    ).toMatchObject({ lr: 0.04, Ng: 2.5, Ns: 1000 });
    const ema = effectiveOptimizer({ ...base, optimizer: { type: 'momentum-ema', lr: 0.01, beta: 0.9 } });
    expect((ema as { N?: number }).N).toBeCloseTo(2.5);
    const { engine } = await engineFor({
      steps: 5,
      loss: { preset: 'quadratic-1d' },
      runs: [{ optimizer: { type: 'sgd', lr: 0.01 }, ...base }],
    });
    engine.step(5);
    const s = engine.read(0).stats;
    expect(s.examples).toBe(40);
    expect(s.lr).toBeCloseTo(0.04, 12);
    engine.dispose();
  });

  it('secondMoment "examples" with B = 1 is the batch form; with B > 1 it follows s = (1 − B/N)s + Σ ĝ_b²/N', async () => {
    const run = (secondMoment: string, batch: number) => ({
      optimizer: { type: 'rmsprop', lr: 0.05, N: 20, eps: 0, secondMoment },
      gradient: { kind: 'gaussian', batch, cov: [[0]] },
      start: [2],
    });
    const loss = { expr: 'x^2', params: ['x'], domain: [[-3, 3]] };
    const traj = async (r: ReturnType<typeof run>) => {
      const { engine } = await engineFor({ steps: 3, loss, runs: [r] });
      const out: number[] = [];
      for (let t = 0; t < 3; t++) {
        engine.step(1);
        out.push(engine.read(1).positions[0]!);
      }
      engine.dispose();
      return out;
    };
    const a = await traj(run('examples', 1));
    const b = await traj(run('batch', 1));
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
    // cov 0: every ĝ_b = g = 2x. B = 4, N = 20: s1 = 4·16/20 = 3.2, x1 = 2 − .05·4/√3.2.
    const c = await traj(run('examples', 4));
    expect(c[0]).toBeCloseTo(2 - (0.05 * 4) / Math.sqrt(3.2), 5);
  });

  it('applies update(run) from the next step, keeping positions, state and adding particles', async () => {
    const { engine, exp } = await engineFor({
      steps: 10,
      loss: { expr: 'x^2 + 0.5*y' },
      runs: [{ optimizer: { type: 'sgd', lr: 0.1 }, start: [1, 1], particles: 2 }],
    });
    engine.step(1);
    const run = exp.runs[0]!;
    engine.setHyper({ ...run, optimizer: { type: 'sgd', lr: 0.2 }, particles: 3 });
    engine.step(1);
    const rows = rowsOf(engine.read(3).positions, 2);
    // step 1 at η = .1: (.8, .95); step 2 at η = .2: (.8 − .32, .95 − .1); the new particle starts at (1, 1).
    expect(rows[0]![0]).toBeCloseTo(0.48, 6);
    expect(rows[0]![1]).toBeCloseTo(0.85, 6);
    expect(rows[2]).toEqual([0.6000000238418579, 0.8999999761581421].map((v) => expect.closeTo(v, 6)));
    expect(engine.t).toBe(2);
    engine.dispose();
  });
});
