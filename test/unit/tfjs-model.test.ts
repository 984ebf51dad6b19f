/**
 * P networks on TensorFlow.js (tfjs-core's `cpu` backend, float32) against float64: a 2-8-1 tanh
 * network on two moons, 4 networks from spread starts, minibatches of 16, 100 steps of SGD and of
 * Adam. The reference here is written from SPEC §13 and §3 in the test (model-reference.ts's MLP and
 * backprop, each rule's equations), stepping from the engine's start with the rows of the
 * counter-keyed stream (key(seed, run, batch), particle, step); the CPU float64 engine (ModelRun) runs
 * beside them. Every coordinate agrees to float32's tolerance (1e-4 relative); another seed's rows are
 * far apart. A particle sent to ∞ is frozen and counted; a hot change of η is carried on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/experiment/experiment';
import type { Tf } from '../../src-main/engine/api';
import { ModelRun } from '../../src-main/engine/model/model-run';
import { randomStream } from '../../src-main/engine/random/counter-js';
import { hashKey, Stream } from '../../src-main/engine/random/streams';
import { TfModelEngine } from '../../src-main/engine/tfjs/model-engine';
import { cpu } from './engine-helpers';
import { dataOf, example, modelExperiment, moons, refExample, waves, type RefNet } from './model-reference';

const DATA = dataOf(moons(200, 0.1, 5));
const REF: RefNet = { widths: [2, 8, 1], act: 'tanh', out: 'logistic' };
const D = 33;
const P = 4;
const B = 16;

const net = (optimizer: object, seed = 3, particles = P): Experiment =>
  modelExperiment(
    { hidden: [8], activation: 'tanh', output: 'logistic' },
    [{ optimizer, gradient: { kind: 'minibatch', batch: B }, particles, spread: 0.3 }],
    { seed, steps: 100 },
  );

/** `steps` steps of SGD or Adam (SPEC §3) in float64 from `start` [P × D], on the stream's rows. */
function reference(opt: { type: string; lr: number }, seed: number, start: Float64Array, steps: number): number[] {
  const p = Array.from(start);
  const m = new Array<number>(p.length).fill(0);
  const v = new Array<number>(p.length).fill(0);
  const rs = randomStream();
  const key = hashKey(seed, 0, Stream.batch) | 0;
  const rows = new Int32Array(B);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < P; i++) {
      rs.seed(key, i, t);
      rs.picks(rows, B, DATA.train.n);
      const phi = p.slice(i * D, (i + 1) * D);
      const g = new Array<number>(D).fill(0);
      for (const j of rows) {
        const { x, y } = example(DATA.train, j);
        refExample(REF, phi, x, y).grad.forEach((gd, d) => (g[d]! += gd / B));
      }
      for (let d = 0; d < D; d++) {
        const k = i * D + d;
        if (opt.type === 'sgd') p[k]! -= opt.lr * g[d]!;
        else {
          m[k] = 0.9 * m[k]! + 0.1 * g[d]!;
          v[k] = 0.999 * v[k]! + 0.001 * g[d]! ** 2;
          p[k]! -= (opt.lr * (m[k]! / (1 - 0.9 ** t))) / (Math.sqrt(v[k]! / (1 - 0.999 ** t)) + 1e-8);
        }
      }
    }
  }
  return p;
}

/** The largest |a − b| / max(1, |b|). */
const worst = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(b).reduce((w, v, i) => Math.max(w, Math.abs(a[i]! - v) / Math.max(1, Math.abs(v))), 0);

let tf: Tf;
beforeAll(async () => {
  tf = await cpu();
});

describe('networks on TensorFlow.js (cpu backend) against float64', () => {
  for (const optimizer of [
    { type: 'sgd', lr: 0.2 },
    { type: 'adam', lr: 0.01 },
  ]) {
    it(`${optimizer.type}: 4 networks × 100 steps agree to 1e-4 relative with the float64 reference and the CPU engine`, () => {
      const exp = net(optimizer);
      const e = new TfModelEngine(tf, 'cpu', exp, 0, DATA);
      const c = new ModelRun(exp, 0, DATA);
      try {
        const start = e.read(P, true).positions as Float64Array;
        expect(start).toHaveLength(P * D);
        e.step(100);
        c.step(100);
        const fe = e.read(P, true);
        const fc = c.read(P, true);
        const ref = reference(optimizer, 3, start, 100);
        const pos = fe.positions as Float64Array;
        expect(worst(pos, ref)).toBeLessThan(1e-4);
        expect(worst(pos, fc.positions)).toBeLessThan(1e-4);
        expect(fe.stats.t).toBe(100);
        expect(fe.stats.examples).toBe(100 * B);
        expect(fe.stats.tau).toBeCloseTo(100 * optimizer.lr, 10);
        expect(Math.abs(fe.stats.loss - fc.stats.loss)).toBeLessThan(1e-5);
        expect(fe.stats.diverged).toBeNull();
        // It trained: the agreement is not that of networks standing still.
        expect(worst(pos, start)).toBeGreaterThan(1e-2);
      } finally {
        e.dispose();
      }
    });
  }

  it("another seed's rows give another trajectory (the agreement above is the rows')", () => {
    const opt = { type: 'sgd', lr: 0.2 };
    // The same start weights (spread 0, the run's initSeed pins them), other minibatch keys.
    const pin = (x: Experiment) => ({ ...x, runs: x.runs.map((r) => ({ ...r, initSeed: 3, spread: 0 })) });
    const a = new TfModelEngine(tf, 'cpu', pin(net(opt, 3)), 0, DATA);
    const b = new TfModelEngine(tf, 'cpu', pin(net(opt, 4)), 0, DATA);
    try {
      expect(worst(a.read(P, true).positions, b.read(P, true).positions)).toBe(0);
      a.step(100);
      b.step(100);
      expect(worst(a.read(P, true).positions, b.read(P, true).positions)).toBeGreaterThan(1e-2);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('networks sent to ∞ are frozen at their last finite positions and counted', () => {
    // A linear output's gradient grows with its weights: η = 10³⁰ overflows float32 at the second step.
    const exp = modelExperiment({ hidden: [4], activation: 'tanh', output: 'linear' }, [
      { optimizer: { type: 'sgd', lr: 1e30 }, gradient: { kind: 'exact' }, particles: 2, spread: 0.1 },
    ]);
    const e = new TfModelEngine(tf, 'cpu', exp, 0, dataOf(waves(50, 1)));
    try {
      e.step(5);
      const f = e.read(2, true);
      expect(f.stats.diverged?.particles).toBe(2);
      expect(f.stats.diverged!.step).toBeGreaterThanOrEqual(1);
      expect(Number.isNaN(f.stats.loss)).toBe(true);
      expect(Array.from(f.positions).every((x) => Number.isFinite(x))).toBe(true);
      // Frozen: more steps leave them where they stopped.
      e.step(3);
      expect(Array.from(e.read(2, true).positions)).toEqual(Array.from(f.positions));
    } finally {
      e.dispose();
    }
  });

  it('a hot change of η mid-run is carried on as by the CPU engine', () => {
    const exp = net({ type: 'adam', lr: 0.01 });
    const e = new TfModelEngine(tf, 'cpu', exp, 0, DATA);
    const c = new ModelRun(exp, 0, DATA);
    try {
      e.step(40);
      c.step(40);
      const patch = { optimizer: { ...exp.runs[0]!.optimizer, lr: 0.03 } };
      e.setHyper(patch);
      c.setHyper(patch);
      e.step(40);
      c.step(40);
      const fe = e.read(P, true);
      expect(worst(fe.positions, c.read(P, true).positions)).toBeLessThan(1e-4);
      expect(fe.stats.lr).toBe(0.03);
      expect(fe.stats.tau).toBeCloseTo(40 * 0.01 + 40 * 0.03, 10);
    } finally {
      e.dispose();
    }
  });

  // Every other estimate and dynamics, 10 steps of 2 networks, beside the CPU engine (itself checked
  // against float64 references in model-trajectories and model-noise): the same draws, float32's tolerance.
  const CASES: [string, object][] = [
    ['exact, momentum', { optimizer: { type: 'momentum', lr: 0.05, N: 5 }, gradient: { kind: 'exact' } }],
    [
      'minibatch, rmsprop on per-example squares (q)',
      { optimizer: { type: 'rmsprop', lr: 0.01, secondMoment: 'examples' }, gradient: { kind: 'minibatch', batch: 8 } },
    ],
    [
      'gaussian σ² = 0.04, B = 4, sgd',
      { optimizer: { type: 'sgd', lr: 0.2 }, gradient: { kind: 'gaussian', batch: 4, cov: [[0.04]] } },
    ],
    [
      'gaussian with q, adam-simplified',
      {
        optimizer: { type: 'adam-simplified', lr: 0.01, secondMoment: 'examples' },
        gradient: { kind: 'gaussian', batch: 4, cov: [[0.04]] },
      },
    ],
    [
      'gradient flow, RK4 × 2',
      {
        optimizer: { type: 'sgd', lr: 0.3 },
        gradient: { kind: 'exact' },
        dynamics: { type: 'gradient-flow', substeps: 2 },
      },
    ],
    [
      'Langevin, minibatch noise from 8 rows',
      {
        optimizer: { type: 'sgd', lr: 0.1 },
        gradient: { kind: 'minibatch', batch: 4 },
        dynamics: { type: 'langevin', substeps: 2, sigmaSample: 8 },
      },
    ],
    [
      'Langevin, gaussian',
      {
        optimizer: { type: 'sgd', lr: 0.1 },
        gradient: { kind: 'gaussian', batch: 4, cov: [[0.04]] },
        dynamics: { type: 'langevin' },
      },
    ],
  ];
  for (const [name, run] of CASES) {
    it(`${name}: 2 networks × 10 steps within 1e-4 of the CPU engine, no tensor left behind`, () => {
      const exp = modelExperiment({ hidden: [8], activation: 'tanh', output: 'logistic' }, [
        { ...run, particles: 2, spread: 0.3 },
      ]);
      const e = new TfModelEngine(tf, 'cpu', exp, 0, DATA);
      const c = new ModelRun(exp, 0, DATA);
      try {
        const start = Array.from(e.read(2, true).positions);
        e.step(1);
        const tensors = tf.memory().numTensors;
        e.step(9);
        expect(tf.memory().numTensors).toBe(tensors);
        c.step(10);
        const pos = e.read(2, true).positions;
        expect(worst(pos, c.read(2, true).positions)).toBeLessThan(1e-4);
        expect(worst(pos, start)).toBeGreaterThan(1e-4);
      } finally {
        e.dispose();
      }
    });
  }
});
