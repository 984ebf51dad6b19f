/**
 * shared/model/forward.ts, the views' float64 forward pass: against values derived by hand for tiny
 * networks (SPEC §13's layout written out weight by weight), and against the engine's training loss
 * (src-main/engine/model/mlp.ts) on random Φ for every activation and output, to 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { ModelForward } from '../../shared/model/forward';
import { Mlp } from '../../src-main/engine/model/mlp';
import { ACTIVATIONS, type Activation, type Model } from '../../shared/experiment/experiment';
import { blobs, lcg, moons, waves } from './model-reference';

const p = new Float64Array(4);

describe('forward pass by hand', () => {
  // 2 → 2 (act) → 1: W1 = [[1, 0], [0, −1]], b1 = [0, 0.5], W2 = [[2], [3]], b2 = [−1]; D = 6 + 3 = 9.
  const phi = [1, 0, 0, -1, 0, 0.5, 2, 3, -1];
  const x = [0.5, 0.5];
  // z1 = (0.5·1 + 0.5·0 + 0, 0.5·0 + 0.5·(−1) + 0.5) = (0.5, 0); z2 = 2 act(0.5) + 3 act(0) − 1.
  const hand: Record<Activation, number> = {
    tanh: 2 * Math.tanh(0.5) - 1,
    relu: 2 * 0.5 - 1,
    sigmoid: 2 / (1 + Math.exp(-0.5)) + 3 * 0.5 - 1,
    gelu: 2 * (0.25 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (0.5 + 0.044715 * 0.125)))) - 1,
  };
  it.each(ACTIVATIONS)('%s hidden layer, logistic output', (activation) => {
    const net = new ModelForward({ hidden: [2], activation, output: 'logistic' }, 2, 2);
    expect(net.layout.D).toBe(9);
    const z = net.outputs(phi, x)[0]!;
    expect(z).toBeCloseTo(hand[activation], 15);
    expect(net.predict(net.outputs(phi, x), p)[0]).toBeCloseTo(1 / (1 + Math.exp(-hand[activation])), 15);
    // L = log(1 + e^z) − y z for y = 1 and y = 0.
    expect(net.meanLoss(phi, x, [1], 1)).toBeCloseTo(Math.log(1 + Math.exp(z)) - z, 14);
    expect(net.meanLoss(phi, x, [0], 1)).toBeCloseTo(Math.log(1 + Math.exp(z)), 14);
  });

  it('softmax without hidden layers: z = x W + b, p = e^z / Σ e^z', () => {
    // 2 → 3: W = [[1, 2, 3], [−1, 0, 1]], b = [0, 0.1, −0.2]; x = (1, 2): z = (−1, 2.1, 4.8).
    const net = new ModelForward({ hidden: [], activation: 'tanh', output: 'softmax' }, 2, 3);
    const w = [1, 2, 3, -1, 0, 1, 0, 0.1, -0.2];
    const z = Array.from(net.outputs(w, [1, 2]));
    expect(z[0]).toBeCloseTo(-1, 15);
    expect(z[1]).toBeCloseTo(2.1, 15);
    expect(z[2]).toBeCloseTo(4.8, 15);
    const s = Math.exp(-1) + Math.exp(2.1) + Math.exp(4.8);
    const probs = net.predict(net.outputs(w, [1, 2]), p);
    expect(probs[1]).toBeCloseTo(Math.exp(2.1) / s, 15);
    expect(net.meanLoss(w, [1, 2, 1, 2], [0, 2], 2)).toBeCloseTo((Math.log(s) + 1 + Math.log(s) - 4.8) / 2, 14);
  });

  it('linear output on a 1-D input with a relu layer: ½‖z − y‖²', () => {
    // 1 → 2 (relu) → 1: W1 = [[1, −1]], b1 = [0, 0], W2 = [[1], [1]], b2 = [0]: z = |x|.
    const net = new ModelForward({ hidden: [2], activation: 'relu', output: 'linear' }, 1, 1);
    const w = [1, -1, 0, 0, 1, 1, 0];
    expect(net.outputs(w, [-0.75])[0]).toBe(0.75);
    expect(net.outputs(w, [2])[0]).toBe(2);
    expect(net.meanLoss(w, [-0.75, 2], [1, 1], 2)).toBeCloseTo((0.5 * 0.0625 + 0.5 * 1) / 2, 15);
  });

  it('reads Φ from a float32 frame at an offset (the second particle)', () => {
    const net = new ModelForward({ hidden: [], activation: 'tanh', output: 'logistic' }, 2, 2);
    const frame = Float32Array.from([9, 9, 9, 0.5, -0.25, 1]);
    expect(net.outputs(frame, [2, 4], 0, 3)[0]).toBe(1 - 1 + 1);
  });
});

describe('forward pass against the engine loss on random Φ', () => {
  const sets = { logistic: moons(40, 0.1, 3), softmax: blobs(45, 3, 5), linear: waves(30, 7) };
  for (const output of ['logistic', 'softmax', 'linear'] as const)
    it.each(ACTIVATIONS)(`%s, ${output}`, (activation) => {
      const set = sets[output];
      const model: Model = { hidden: [5, 4], activation, output };
      const K = 'classes' in set ? set.classes : set.outputs;
      const engine = new Mlp(model, set.inputs, K);
      const r = lcg(11);
      const phi = Float64Array.from({ length: engine.D }, () => r.normal());
      const net = new ModelForward(model, set.inputs, K);
      expect(net.layout.D).toBe(engine.D);
      const want = engine.evaluate(phi, 0, set).loss;
      expect(Math.abs(net.meanLoss(phi, set.x, set.y, set.n) - want)).toBeLessThan(1e-12 * Math.max(1, want));
    });
});
