/**
 * The compiled engine's optimizer state as frames carry it: Adam's m, v and their bias corrections on a
 * 1-D quadratic with the exact gradient, checked against the update computed by hand step by step; the
 * ensemble mean against each particle stepped on its own; no state for SGD.
 */
import { describe, expect, it } from 'vitest';
import { CompiledEnsemble } from '../../src-main/engine/compiled/ensemble';
import { NO_DATA } from '../../src-main/engine/loss/loss-data';
import { initialState, ruleStep } from '../../shared/optim/averages';
import { experiment } from './engine-helpers';

const quadratic = (run: Record<string, unknown>, steps = 3) =>
  experiment({
    steps,
    loss: { expr: '0.5 * x^2', params: ['x'], domain: [[-3, 3]] },
    runs: [{ gradient: { kind: 'exact' }, start: [1], particles: 4, ...run }],
  });

describe('optimizer state of the compiled engine', () => {
  it('Adam on ½x² with the exact gradient: m, v, m̂ and v̂ after each of three steps equal the hand computation', () => {
    const e = new CompiledEnsemble(
      quadratic({ optimizer: { type: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999 } }),
      0,
      NO_DATA,
    );
    // At t = 0 the state is its zero start and nothing is corrected yet.
    expect(e.state()).toEqual({ slots: ['m', 'v'], first: [[0], [0]], mean: [[0], [0]], correction: [1, 1] });
    let [x, m, v] = [1, 0, 0];
    for (let t = 1; t <= 3; t++) {
      const g = x; // ∇ ½x² = x
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      const mHat = m / (1 - 0.9 ** t);
      const vHat = v / (1 - 0.999 ** t);
      x -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
      e.step(1);
      const s = e.state()!;
      expect(s.slots).toEqual(['m', 'v']);
      expect(s.first[0]![0]).toBeCloseTo(m, 14);
      expect(s.first[1]![0]).toBeCloseTo(v, 14);
      // Every particle starts at 1 (spread 0): the mean is the first particle's state.
      expect(s.mean[0]![0]).toBeCloseTo(m, 14);
      expect(s.first[0]![0]! * s.correction[0]!).toBeCloseTo(mHat, 13);
      expect(s.first[1]![0]! * s.correction[1]!).toBeCloseTo(vHat, 13);
      expect(e.positions64(1)[0]).toBeCloseTo(x, 13);
    }
    // Step 1 in numbers: m = 0.1, v = 0.001, and both corrected values are g₁ = 1 (m̂ = 1, v̂ = 1).
  });

  it('the ensemble mean is the mean of the particles’ own state (momentum, averaged; spread start)', () => {
    const exp = quadratic({ optimizer: { type: 'momentum-ema', lr: 0.2, N: 5 }, spread: 0.5, particles: 50 }, 4);
    const e = new CompiledEnsemble(exp, 0, NO_DATA);
    const starts = Array.from(e.positions64(50));
    const opt = exp.runs[0]!.optimizer;
    const states = starts.map((x0) => initialState(opt, x0));
    for (let t = 1; t <= 4; t++) {
      e.step(1);
      states.forEach((s, p) => (states[p] = ruleStep(opt, s, s.x, t, 0.2)));
    }
    const s = e.state()!;
    expect(s.slots).toEqual(['m']);
    expect(s.correction).toEqual([1]);
    expect(s.first[0]![0]).toBeCloseTo(states[0]!.slots.m!, 13);
    expect(s.mean[0]![0]).toBeCloseTo(states.reduce((a, st) => a + st.slots.m!, 0) / 50, 13);
  });

  it('SGD keeps no state', () => {
    const e = new CompiledEnsemble(quadratic({ optimizer: { type: 'sgd', lr: 0.1 } }), 0, NO_DATA);
    e.step(2);
    expect(e.state()).toBeNull();
  });
});
