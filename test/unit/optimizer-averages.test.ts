import { describe, expect, it } from 'vitest';
import { ruleStep, initialState, slotLabel, stateCorrections, stateSequence } from '../../shared/optim/averages';
import type { Optimizer } from '../../shared/experiment/experiment';
import { averagesOf, expectedAverages, noisySequence } from '../../shared/theory/averages-experiment';
import { AVERAGES_ENTRY } from '../../shared/theory/gallery-averages';
import { experimentTheory } from '../../shared/theory/gallery-theory';
import { validateExperiment } from '../../shared/experiment/validate';

const adam: Optimizer = { type: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

describe('the table’s update rules on one coordinate', () => {
  it('Adam on ½x² with the exact gradient, three steps, equals the hand computation', () => {
    // By hand: x₀ = 1, g = x; m = 0.9m + 0.1g, v = 0.999v + 0.001g², m̂ = m/(1 − 0.9ᵗ), v̂ = v/(1 − 0.999ᵗ),
    // x −= 0.1 m̂/(√v̂ + 1e-8). Step 1: m = 0.1, v = 0.001, m̂ = 1, v̂ = 1, x = 0.9 − (tiny ε term).
    let s = initialState(adam, 1);
    let x = 1;
    let [m, v] = [0, 0];
    for (let t = 1; t <= 3; t++) {
      const g = x;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      const mh = m / (1 - 0.9 ** t);
      const vh = v / (1 - 0.999 ** t);
      x = x - (0.1 * mh) / (Math.sqrt(vh) + 1e-8);
      s = ruleStep(adam, s, s.x, t, 0.1);
      expect(s.slots.m).toBeCloseTo(m, 14);
      expect(s.slots.v).toBeCloseTo(v, 14);
      expect(s.x).toBeCloseTo(x, 14);
      const [c1, c2] = stateCorrections(adam, t);
      expect(s.slots.m! * c1!).toBeCloseTo(mh, 13);
      expect(s.slots.v! * c2!).toBeCloseTo(vh, 13);
    }
    // The literal numbers of step 1 (m̂ = v̂ = g₁ = 1 and x₁ ≈ 0.9).
    const one = ruleStep(adam, initialState(adam, 1), 1, 1, 0.1);
    expect(one.slots.m).toBeCloseTo(0.1, 15);
    expect(one.slots.v).toBeCloseTo(0.001, 15);
    expect(one.x).toBeCloseTo(0.9, 7);
  });

  it('heavy-ball momentum: v = βv + ηg, x −= v', () => {
    const opt: Optimizer = { type: 'momentum', lr: 0.1, N: 10 };
    const seq = stateSequence(opt, [1, 1, 1], 0.1, 0);
    expect(seq.map((s) => s.slots.v)).toEqual(
      [0.1, 0.9 * 0.1 + 0.1, 0.9 * (0.9 * 0.1 + 0.1) + 0.1].map((v) => expect.closeTo(v, 15)),
    );
    expect(seq[2]!.x).toBeCloseTo(-(0.1 + 0.19 + 0.271), 14);
  });

  it('only Adam-like rules have a bias correction, and it is 1 at t = 0', () => {
    expect(stateCorrections({ type: 'momentum-ema', lr: 1, N: 5 }, 3)).toEqual([1]);
    expect(stateCorrections(adam, 0)).toEqual([1, 1]);
    expect(stateCorrections(adam, 2)).toEqual([1 / (1 - 0.81), 1 / (1 - 0.999 ** 2)]);
    expect(slotLabel('adam', 'm')).toEqual({ raw: 'm', corrected: 'm\u0302' });
    expect(slotLabel('momentum-ema', 'm')).toEqual({ raw: 'μ', corrected: null });
  });
});

describe('the running-averages view’s series', () => {
  it('of a constant c: the EMA is c(1 − βᵗ), min(t, N) and Adam’s m̂ are c exactly', () => {
    const [c, N, T] = [0.7, 8, 40];
    const beta = 1 - 1 / N;
    const s = averagesOf(new Array<number>(T).fill(c), N);
    s.t.forEach((t, i) => {
      expect(s.ema[i]).toBeCloseTo(c * (1 - beta ** t), 14);
      expect(s.adamRaw[i]).toBeCloseTo(c * (1 - beta ** t), 14);
      expect(s.minT[i]).toBeCloseTo(c, 14);
      expect(s.adamHat[i]).toBeCloseTo(c, 13);
    });
    const e = expectedAverages(c, N, T);
    e.ema.forEach((v, i) => expect(v).toBeCloseTo(c * (1 - beta ** (i + 1)), 15));
    expect(e.unbiased).toEqual(new Array<number>(T).fill(c));
  });

  it('min(t, N) is the plain mean of all steps until t = N, then an EMA with β = 1 − 1/N', () => {
    const g = noisySequence(0.5, 1, 30, 3);
    const N = 10;
    const s = averagesOf(g, N);
    for (let t = 1; t <= N; t++) expect(s.minT[t - 1]).toBeCloseTo(g.slice(0, t).reduce((a, b) => a + b, 0) / t, 13);
    for (let t = N + 1; t <= 30; t++)
      expect(s.minT[t - 1]).toBeCloseTo((1 - 1 / N) * s.minT[t - 2]! + g[t - 1]! / N, 13);
  });

  it('the gallery’s experiment is valid and names what the view reads', () => {
    const r = validateExperiment(AVERAGES_ENTRY.experiment);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const exp = r.experiment;
    expect(exp.runs.map((r) => r.optimizer.type)).toEqual(['momentum-ema', 'adam-simplified', 'adam']);
    expect(() => experimentTheory(exp)).not.toThrow();
  });
});
