/**
 * Whole trajectories of a model run (SPEC §13) with the exact gradient, every optimizer of SPEC §3,
 * gradient flow (RK4) and an exact-gradient Langevin step, against a float64 reference written here:
 * the reference MLP's mean gradient (model-reference.ts) and each update rule applied coordinate by
 * coordinate from the SPEC's equations. Positions agree to 1e-9.
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_TYPES } from '../../shared/experiment/experiment';
import { ModelRun } from '../../src-main/engine/model/model-run';
import { dataOf, dims, modelExperiment, moons, refFull, type RefNet } from './model-reference';

type Opt = Record<string, number | string> & { type: string; lr: number };

const OPTS: Record<string, Opt> = {
  sgd: { type: 'sgd', lr: 0.3 },
  momentum: { type: 'momentum', lr: 0.05, N: 5 },
  'momentum-ema': { type: 'momentum-ema', lr: 0.3, beta: 0.8 },
  nesterov: { type: 'nesterov', lr: 0.05, N: 4 },
  rmsprop: { type: 'rmsprop', lr: 0.01, N: 20 },
  adam: { type: 'adam', lr: 0.02 },
  'adam-simplified': { type: 'adam-simplified', lr: 0.02, Ng: 5, Ns: 50 },
  adagrad: { type: 'adagrad', lr: 0.1 },
  adamw: { type: 'adamw', lr: 0.02, weightDecay: 0.1 },
  lion: { type: 'lion', lr: 0.003, weightDecay: 0.05 },
};

/** One step of each rule of SPEC §3 on coordinate arrays (a, b: its state), written from the SPEC. */
function refStep(o: Opt, p: number[], g: number[], a: number[], b: number[], t: number): void {
  const n = (N: string, beta: string, def: number) =>
    (o[N] as number) ?? (o[beta] !== undefined ? 1 / (1 - (o[beta] as number)) : def);
  const lr = o.lr;
  const eps = (o.eps as number) ?? 1e-8;
  for (let d = 0; d < p.length; d++) {
    const gd = g[d]!;
    switch (o.type) {
      case 'sgd':
        p[d]! -= lr * gd;
        break;
      case 'momentum':
      case 'nesterov': {
        const beta = 1 - 1 / n('N', 'beta', 10);
        a[d] = beta * a[d]! + lr * gd;
        p[d]! -= o.type === 'momentum' ? a[d]! : beta * a[d]! + lr * gd;
        break;
      }
      case 'momentum-ema': {
        const beta = 1 - 1 / n('N', 'beta', 10);
        a[d] = beta * a[d]! + (1 - beta) * gd;
        p[d]! -= lr * a[d]!;
        break;
      }
      case 'rmsprop': {
        const beta = 1 - 1 / n('N', 'beta', 100);
        b[d] = beta * b[d]! + (1 - beta) * gd * gd;
        p[d]! -= (lr * gd) / Math.sqrt(b[d]! + eps);
        break;
      }
      case 'adam':
      case 'adamw': {
        const [b1, b2] = [0.9, 0.999];
        const wd = o.type === 'adamw' ? (o.weightDecay as number) : 0;
        a[d] = b1 * a[d]! + (1 - b1) * gd;
        b[d] = b2 * b[d]! + (1 - b2) * gd * gd;
        p[d] = p[d]! - lr * (a[d]! / (1 - b1 ** t) / (Math.sqrt(b[d]! / (1 - b2 ** t)) + eps) + wd * p[d]!);
        break;
      }
      case 'adam-simplified': {
        const kg = Math.min(t, n('Ng', 'betaG', 10));
        const ks = Math.min(t, n('Ns', 'betaS', 1000));
        a[d] = (1 - 1 / kg) * a[d]! + gd / kg;
        b[d] = (1 - 1 / ks) * b[d]! + (gd * gd) / ks;
        p[d]! -= (lr * a[d]!) / (Math.sqrt(b[d]!) + eps);
        break;
      }
      case 'adagrad':
        b[d]! += gd * gd;
        p[d]! -= (lr * gd) / (Math.sqrt(b[d]!) + 1e-10);
        break;
      case 'lion': {
        const wd = o.weightDecay as number;
        p[d] = p[d]! - lr * (Math.sign(0.9 * a[d]! + 0.1 * gd) + wd * p[d]!);
        a[d] = 0.99 * a[d]! + 0.01 * gd;
        break;
      }
    }
  }
}

const train = moons(24, 0.2, 9);
const net: RefNet = { widths: [2, 4, 1], act: 'tanh', out: 'logistic' };
const STEPS = 15;

function engineTrajectory(run: object): { engine: ModelRun; path: number[][] } {
  const e = modelExperiment({ hidden: [4], activation: 'tanh', output: 'logistic' }, [run], { seed: 21, steps: STEPS });
  const engine = new ModelRun(e, 0, dataOf(train));
  const path: number[][] = [Array.from(engine.positions64(1))];
  for (let t = 0; t < STEPS; t++) {
    engine.step(1);
    path.push(Array.from(engine.positions64(1)));
  }
  return { engine, path };
}

describe('model trajectories against the float64 reference', () => {
  it('covers every optimizer type', () => expect(Object.keys(OPTS).sort()).toEqual([...OPTIMIZER_TYPES].sort()));

  it.each(Object.values(OPTS).map((o) => [o.type, o] as const))('%s, exact gradient: positions to 1e-9', (_, opt) => {
    const { path } = engineTrajectory({ optimizer: opt });
    expect(path[0]!.length).toBe(dims(net.widths));
    const p = [...path[0]!];
    const a = p.map(() => 0);
    const b = p.map(() => 0);
    for (let t = 1; t <= STEPS; t++) {
      refStep(opt, p, refFull(net, p, train).grad, a, b, t);
      p.forEach((v, d) => expect(Math.abs(path[t]![d]! - v)).toBeLessThan(1e-9));
    }
    // The run moved: the test compares trajectories, not a standstill.
    expect(Math.hypot(...p.map((v, d) => v - path[0]![d]!))).toBeGreaterThan(1e-3);
  });

  it('gradient flow: classical RK4 with 2 substeps', () => {
    const { path } = engineTrajectory({
      optimizer: { type: 'sgd', lr: 0.4 },
      dynamics: { type: 'gradient-flow', substeps: 2 },
    });
    let y = [...path[0]!];
    const f = (v: number[]) => refFull(net, v, train).grad;
    const h = 0.2;
    for (let t = 1; t <= STEPS; t++) {
      for (let u = 0; u < 2; u++) {
        const k1 = f(y);
        const k2 = f(y.map((v, d) => v - (h / 2) * k1[d]!));
        const k3 = f(y.map((v, d) => v - (h / 2) * k2[d]!));
        const k4 = f(y.map((v, d) => v - h * k3[d]!));
        y = y.map((v, d) => v - (h / 6) * (k1[d]! + 2 * k2[d]! + 2 * k3[d]! + k4[d]!));
      }
      y.forEach((v, d) => expect(Math.abs(path[t]![d]! - v)).toBeLessThan(1e-9));
    }
  });

  it('a schedule reaches the update: step decay halves η at steps 6 and 11', () => {
    const opt = { type: 'sgd', lr: 0.3 };
    const { path, engine } = engineTrajectory({ optimizer: opt, schedule: { type: 'step', factor: 0.5, at: [6, 11] } });
    const p = [...path[0]!];
    for (let t = 1; t <= STEPS; t++) {
      const lr = 0.3 * 0.5 ** Math.floor((t - 1) / 5);
      refStep({ type: 'sgd', lr }, p, refFull(net, p, train).grad, [], [], t);
      p.forEach((v, d) => expect(Math.abs(path[t]![d]! - v)).toBeLessThan(1e-9));
    }
    expect(engine.read(0).stats.tau).toBeCloseTo(5 * (0.3 + 0.15 + 0.075), 12);
  });

  it('secondMoment examples reads q = Σ_b ĝ_b² over the batch: one example drawn B = 4 times', () => {
    // With one training row every draw is that row: ĝ = g_0 and q = B g_0², deterministic.
    const one = { ...train, x: train.x.subarray(0, 2), y: train.y.subarray(0, 1), n: 1 };
    const e = modelExperiment({ hidden: [4], activation: 'tanh', output: 'logistic' }, [
      {
        optimizer: { type: 'rmsprop', lr: 0.01, N: 20, secondMoment: 'examples' },
        gradient: { kind: 'minibatch', batch: 4 },
      },
      {
        optimizer: { type: 'adam-simplified', lr: 0.02, Ng: 5, Ns: 40, secondMoment: 'examples' },
        gradient: { kind: 'minibatch', batch: 4 },
      },
    ]);
    const [rms, simple] = [0, 1].map((i) => new ModelRun(e, i, dataOf(one)));
    const p = [Array.from(rms!.positions64(1)), Array.from(simple!.positions64(1))];
    const [s1, m2, s2] = [p[0]!.map(() => 0), p[1]!.map(() => 0), p[1]!.map(() => 0)];
    for (let t = 1; t <= 10; t++) {
      rms!.step(1);
      simple!.step(1);
      const g1 = refFull(net, p[0]!, one).grad;
      g1.forEach((g, d) => {
        s1[d] = (1 - 4 / 20) * s1[d]! + (4 * g * g) / 20;
        p[0]![d]! -= (0.01 * g) / Math.sqrt(s1[d]! + 1e-8);
      });
      const g2 = refFull(net, p[1]!, one).grad;
      const [kg, ks] = [Math.min(t, 5), Math.min(4 * t, 40)];
      g2.forEach((g, d) => {
        m2[d] = (1 - 1 / kg) * m2[d]! + g / kg;
        s2[d] = (1 - 4 / ks) * s2[d]! + (4 * g * g) / ks;
        p[1]![d]! -= (0.02 * m2[d]!) / (Math.sqrt(s2[d]!) + 1e-8);
      });
      Array.from(rms!.positions64(1)).forEach((v, d) => expect(Math.abs(v - p[0]![d]!)).toBeLessThan(1e-9));
      Array.from(simple!.positions64(1)).forEach((v, d) => expect(Math.abs(v - p[1]![d]!)).toBeLessThan(1e-9));
    }
  });

  it('a hot change of η keeps the weights and the momentum, and steps on with the new η', () => {
    const e = modelExperiment({ hidden: [4], activation: 'tanh', output: 'logistic' }, [
      { optimizer: { type: 'momentum', lr: 0.05, N: 5 } },
    ]);
    const engine = new ModelRun(e, 0, dataOf(train));
    const p = Array.from(engine.positions64(1));
    const v = p.map(() => 0);
    for (let t = 1; t <= 10; t++) {
      if (t === 6) engine.setHyper({ ...e.runs[0]!, optimizer: { ...e.runs[0]!.optimizer, lr: 0.02 } });
      engine.step(1);
      const lr = t < 6 ? 0.05 : 0.02;
      refFull(net, p, train).grad.forEach((g, d) => {
        v[d] = 0.8 * v[d]! + lr * g;
        p[d]! -= v[d]!;
      });
      Array.from(engine.positions64(1)).forEach((x, d) => expect(Math.abs(x - p[d]!)).toBeLessThan(1e-9));
    }
  });

  it('batch scaling from B₀ = 1 to B = 4 (gaussian σ² = 0, so ĝ = ∇L): momentum steps with η·4² and N/4', () => {
    const opt = { type: 'momentum', lr: 0.01, N: 8 };
    const { path, engine } = engineTrajectory({
      optimizer: opt,
      gradient: { kind: 'gaussian', batch: 4, cov: [[0]] },
      batchScaling: { from: 1 },
    });
    const p = [...path[0]!];
    const v = p.map(() => 0);
    for (let t = 1; t <= STEPS; t++) {
      refStep({ type: 'momentum', lr: 0.16, N: 2 }, p, refFull(net, p, train).grad, v, [], t);
      p.forEach((x, d) => expect(Math.abs(path[t]![d]! - x)).toBeLessThan(1e-9));
    }
    expect(engine.read(0).stats.examples).toBe(4 * STEPS);
  });
});
