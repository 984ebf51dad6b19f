/**
 * The notes' optimizers on a network (SPEC §13): a 2-16-16-1 tanh network on two moons built here
 * (minibatches of 16 with replacement). SGD, momentum and Adam each lower the training loss and
 * classify more than 90 % of the held-out examples; stats() reports the test loss and both
 * accuracies as means over the particles, checked against the reference MLP.
 */
import { describe, expect, it } from 'vitest';
import { ModelRun } from '../../src-main/engine/model/model-run';
import { dataOf, example, modelExperiment, moons, waves, refExample, refOutputs, type RefNet } from './model-reference';

const train = moons(300, 0.1, 31);
const test = moons(200, 0.1, 32);
const model = { hidden: [16, 16], activation: 'tanh' as const, output: 'logistic' as const };

describe('training a network on two moons', () => {
  it.each([
    ['sgd', { type: 'sgd', lr: 0.5 }],
    ['momentum', { type: 'momentum', lr: 0.05, N: 10 }],
    ['adam', { type: 'adam', lr: 0.01 }],
  ] as const)('%s lowers the training loss and reaches test accuracy > 0.9', (_, optimizer) => {
    const e = modelExperiment(model, [{ optimizer, gradient: { kind: 'minibatch', batch: 16 }, particles: 2 }], {
      seed: 4,
    });
    const engine = new ModelRun(e, 0, dataOf(train, test));
    const before = engine.read(0).stats;
    engine.step(1500);
    const after = engine.read(0).stats;
    expect(after.loss).toBeLessThan(0.5 * before.loss);
    expect(after.accuracy).toBeGreaterThan(0.9);
    expect(after.testAccuracy).toBeGreaterThan(0.9);
    expect(after.diverged).toBeNull();
    expect(after.examples).toBe(1500 * 16);

    // The measures are means over the two particles, each as the reference MLP computes it.
    const net: RefNet = { widths: [2, 16, 16, 1], act: 'tanh', out: 'logistic' };
    const all = engine.positions64(2);
    const D = all.length / 2;
    const measure = (set: typeof train, phi: Float64Array) => {
      let L = 0;
      let right = 0;
      for (let j = 0; j < set.n; j++) {
        const { x, y } = example(set, j);
        L += refExample(net, phi, x, y).L / set.n;
        right += Number((refOutputs(net, phi, x)[0]! > 0 ? 1 : 0) === y);
      }
      return { L, acc: right / set.n };
    };
    const p = [all.subarray(0, D), all.subarray(D)];
    const m = p.map((phi) => ({ tr: measure(train, phi), te: measure(test, phi) }));
    expect(after.loss).toBeCloseTo((m[0]!.tr.L + m[1]!.tr.L) / 2, 12);
    expect(after.testLoss).toBeCloseTo((m[0]!.te.L + m[1]!.te.L) / 2, 12);
    expect(after.accuracy).toBe((m[0]!.tr.acc + m[1]!.tr.acc) / 2);
    expect(after.testAccuracy).toBe((m[0]!.te.acc + m[1]!.te.acc) / 2);
  });

  it('a particle whose weights overflow stops at finite weights and moves no more; the others go on', () => {
    // Linear outputs, SGD with η = 10: the loss grows without bound and the weights overflow.
    const e = modelExperiment({ hidden: [8], activation: 'relu', output: 'linear' }, [
      { optimizer: { type: 'sgd', lr: 10 }, particles: 3, spread: 0.1 },
    ]);
    const engine = new ModelRun(e, 0, dataOf(waves(20, 3)));
    const D = engine.D;
    let t = 0;
    while (engine.read(0).stats.diverged === null && t < 200) {
      engine.step(1);
      t++;
    }
    const stats = engine.read(0).stats;
    expect(stats.diverged!.particles).toBeGreaterThan(0);
    expect(stats.diverged!.step).toBeLessThanOrEqual(t);
    const at = engine.positions64(3);
    expect(at.every(Number.isFinite)).toBe(true);
    engine.step(5);
    const later = engine.positions64(3);
    const still = [0, 1, 2].filter((i) => later.subarray(i * D, (i + 1) * D).every((v, d) => v === at[i * D + d]));
    expect(still.length).toBeGreaterThanOrEqual(stats.diverged!.particles);
  });
});
