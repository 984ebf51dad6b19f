/**
 * A model's loss and gradient (SPEC §13), table-driven over every activation × output: the engine's
 * float64 mean loss against the reference MLP written in the test, and its backprop gradient against
 * central differences of that reference loss (the engine never differences). Plus the outputs'
 * overflow-free forms and relu's derivative 0 at 0.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, MODEL_OUTPUTS, type Model } from '../../shared/experiment/experiment';
import { outputLoss } from '../../shared/model/activations';
import { Mlp } from '../../src-main/engine/model/mlp';
import { blobs, dims, lcg, moons, refExample, refFull, waves, type RefNet } from './model-reference';

const dataFor = (out: Model['output']) =>
  out === 'logistic' ? moons(9, 0.2, 5) : out === 'softmax' ? blobs(9, 3, 6) : waves(9, 7);

const CASES = ACTIVATIONS.flatMap((act) =>
  MODEL_OUTPUTS.flatMap((out) => [[act, out, [5, 4]] as const, [act, out, [3]] as const]),
);

describe('model gradients', () => {
  it.each(CASES)(
    '%s × %s, hidden %j: loss equals the reference, gradient its central differences',
    (act, out, hidden) => {
      const set = dataFor(out);
      const K = out === 'logistic' ? 1 : out === 'softmax' ? 3 : 2;
      const net = new Mlp({ hidden: [...hidden], activation: act, output: out }, 2, out === 'logistic' ? 2 : K);
      const ref: RefNet = { widths: [2, ...hidden, K], act, out };
      const D = dims(ref.widths);
      expect(net.D).toBe(D);
      const r = lcg(11);
      const phi = Float64Array.from({ length: D }, () => 0.8 * r.normal());
      const g = new Float64Array(D);
      const L = net.meanGrad(phi, 0, set, null, set.n, g, 0);
      const want = refFull(ref, phi, set);
      expect(Math.abs(L - want.L)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want.L)));
      let worst = 0;
      for (let d = 0; d < D; d++) {
        const h = 1e-5;
        const up = Float64Array.from(phi);
        const dn = Float64Array.from(phi);
        up[d]! += h;
        dn[d]! -= h;
        const fd = (refFull(ref, up, set).L - refFull(ref, dn, set).L) / (2 * h);
        worst = Math.max(worst, Math.abs(g[d]! - fd) / Math.max(1, Math.abs(fd)));
        expect(Math.abs(g[d]! - want.grad[d]!)).toBeLessThan(1e-12);
      }
      expect(worst).toBeLessThan(1e-7);
    },
  );

  it('no hidden layer: a logistic model is logistic regression, ∇ = mean (σ(w·x + b) − y)(x, 1)', () => {
    const set = moons(6, 0.1, 2);
    const net = new Mlp({ hidden: [], activation: 'tanh', output: 'logistic' }, 2, 2);
    const phi = Float64Array.from([0.3, -0.7, 0.1]);
    const g = new Float64Array(3);
    net.meanGrad(phi, 0, set, null, set.n, g, 0);
    const want = [0, 0, 0];
    for (let j = 0; j < set.n; j++) {
      const [a, b] = [set.x[2 * j]!, set.x[2 * j + 1]!];
      const e = 1 / (1 + Math.exp(-(0.3 * a - 0.7 * b + 0.1))) - set.y[j]!;
      want[0]! += (e * a) / set.n;
      want[1]! += (e * b) / set.n;
      want[2]! += e / set.n;
    }
    want.forEach((w, d) => expect(g[d]).toBeCloseTo(w, 14));
  });

  it('outputs without overflow: logistic at z = ±800, softmax at z = (1000, 0, −1000)', () => {
    const dz = new Float64Array(3);
    expect(outputLoss('logistic', Float64Array.of(800), 1, 0, null, 0, dz)).toBe(800);
    expect(dz[0]).toBe(1);
    expect(outputLoss('logistic', Float64Array.of(800), 1, 1, null, 0, dz)).toBe(0);
    expect(outputLoss('logistic', Float64Array.of(-800), 1, 1, null, 0, dz)).toBe(800);
    expect(dz[0]).toBe(-1);
    expect(outputLoss('softmax', Float64Array.of(1000, 0, -1000), 3, 1, null, 0, dz)).toBe(1000);
    expect([...dz]).toEqual([1, -1, 0]);
  });

  it('relu′(0) = 0: a hidden unit at z = 0 passes no gradient to its incoming weights', () => {
    // One input 1, one hidden unit with w = 1, b = −1 (z = 0 exactly), output weight 2, bias 0.
    const net = new Mlp({ hidden: [1], activation: 'relu', output: 'linear' }, 1, 1);
    const set = {
      x: Float64Array.of(1),
      y: Float64Array.of(3),
      n: 1,
      inputs: 1,
      outputs: 1,
      inputNames: ['x'],
      targetNames: ['y'],
    };
    const g = new Float64Array(4);
    const L = net.meanGrad(Float64Array.of(1, -1, 2, 0), 0, set, null, 1, g, 0);
    expect(L).toBe(4.5);
    expect([...g]).toEqual([0, 0, 0, -3]);
    expect(
      refExample({ widths: [1, 1, 1], act: 'relu', out: 'linear' }, [1, -1, 2, 0], [1], [3]).grad.map((v) => v + 0),
    ).toEqual([0, 0, 0, -3]);
  });
});
