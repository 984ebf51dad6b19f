/**
 * One entry is enough to add an optimizer (issue #19): a test-only Signum, registered here and nowhere
 * else, is validated in an experiment file with its defaults and limits, steps on the compiled kernel
 * and on TensorFlow.js (wasm) as a float64 loop written here from its equation, and shows up among the
 * run editor's choices and fields. Unregistered, the lab no longer knows it.
 *
 *   Signum: m = β m + (1 − β) ĝ;  Φ −= η (sign(m) + λ Φ),  β = 1 − 1/N (N default 4), λ default 0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageOf } from '../../shared/optim/descriptors';
import { optimizerChoices, optimizerFields, switchedOptimizer } from '../../shared/optim/editor';
import { average, nonNegativeParam, type OptimizerDescriptor } from '../../shared/optim/entry';
import { registerOptimizer } from '../../shared/optim/registry';
import { validateExperiment } from '../../shared/experiment/validate';
import { engineFor } from './engine-helpers';

const N = average('N', 'beta', 4, true, 'N', 'Averaging length of the momentum (β = 1 − 1/N)');

const SIGNUM: OptimizerDescriptor = {
  type: 'signum',
  label: 'Signum (test only)',
  rule: 'm = β m + (1 − β) ĝ; Φ −= η (sign(m) + λ Φ)',
  averages: [N],
  params: [nonNegativeParam('weightDecay', 0.1, 'λ', 'Weight decay λ')],
  lrPower: 1,
  kernel: {
    slots: ['m'],
    constants: (o) => ({ beta: 1 - 1 / averageOf(o, N), omb: 1 / averageOf(o, N), wd: o.weightDecay as number }),
    needsExamples: () => false,
    update: () => ['m = beta * m + omb * g', 'x = x - lr * (sign(m) + wd * x)'],
  },
};

/** L = x² + y/2 (ĝ = (2x, 1/2)) from (1, 1). */
const spec = (optimizer: unknown, steps = 1) => ({
  seed: 3,
  steps,
  loss: {
    expr: 'x^2 + 0.5*y',
    domain: [
      [-3, 3],
      [-3, 3],
    ],
  },
  runs: [{ optimizer, start: [1, 1] }],
});

function issues(optimizer: unknown): string[] {
  const r = validateExperiment(spec(optimizer));
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

/** The float64 reference: Signum's equation, step by step, on ĝ = (2x, 1/2). */
function reference(lr: number, Nlen: number, lambda: number, steps: number): number[][] {
  const beta = 1 - 1 / Nlen;
  const x = [1, 1];
  const m = [0, 0];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = [2 * x[0]!, 0.5];
    for (let d = 0; d < 2; d++) {
      m[d] = beta * m[d]! + (1 - beta) * g[d]!;
      x[d] = x[d]! - lr * (Math.sign(m[d]!) + lambda * x[d]!);
    }
    out.push([...x]);
  }
  return out;
}

describe('an optimizer added by one entry (test-only Signum)', () => {
  it('is unknown before it is registered', () => {
    expect(issues({ type: 'signum' })[0]).toMatch(/^runs\[0\]\.optimizer\.type: unknown optimizer type signum/);
    expect(optimizerChoices().some((c) => c.type === 'signum')).toBe(false);
  });

  describe('registered', () => {
    let unregister: () => void;
    beforeAll(() => {
      unregister = registerOptimizer(SIGNUM);
    });
    afterAll(() => unregister());

    it('validates in an experiment file: defaults filled, limits and N-or-β checked by path', () => {
      const r = validateExperiment(spec({ type: 'signum', lr: 0.05 }));
      expect(r.ok && r.experiment.runs[0]!.optimizer).toEqual({ type: 'signum', lr: 0.05, N: 4, weightDecay: 0.1 });
      expect(issues({ type: 'signum', weightDecay: -1 })).toEqual(['runs[0].optimizer.weightDecay: must be ≥ 0']);
      expect(issues({ type: 'signum', N: 0.5 })).toEqual(['runs[0].optimizer.N: must be ≥ 1']);
      expect(issues({ type: 'signum', beta: 1 })).toEqual(['runs[0].optimizer.beta: must be < 1']);
      expect(issues({ type: 'signum', N: 4, beta: 0.5 })).toEqual(['runs[0].optimizer: give N or beta, not both']);
      expect(issues({ type: 'signum', eps: 1 })).toEqual(['runs[0].optimizer: unknown field eps']);
      expect(issues({ type: 'signun' })[0]).toMatch(/did you mean signum\?/);
    });

    it('cannot replace a table entry or register twice; a rule reading an unknown name is refused', () => {
      expect(() => registerOptimizer({ ...SIGNUM, type: 'adam' })).toThrow('optimizer adam exists already');
      expect(() => registerOptimizer(SIGNUM)).toThrow('optimizer signum exists already');
      const broken = { ...SIGNUM, type: 'broken', kernel: { ...SIGNUM.kernel, update: () => ['x = x - lr * h'] } };
      expect(() => registerOptimizer(broken)).toThrow('unknown name h');
    });

    it.each(['compiled', 'wasm'] as const)('steps on %s as the float64 loop of its equation', async (backend) => {
      const steps = 15;
      const { engine } = await engineFor(spec({ type: 'signum', lr: 0.05, beta: 0.75 }, steps), 0, backend);
      const ref = reference(0.05, 4, 0.1, steps);
      // float64 on the compiled kernel, float32 on TensorFlow.js.
      const tol = backend === 'compiled' ? 1e-12 : 2e-6;
      for (let t = 0; t < steps; t++) {
        engine.step(1);
        const got = Array.from(engine.read(1, true).positions);
        got.forEach((v, d) => expect(Math.abs(v - ref[t]![d]!)).toBeLessThan(tol));
      }
      // The reference moved both coordinates by more than the tolerance every step.
      expect(ref[steps - 1]![0]!).toBeLessThan(0.3);
      engine.dispose();
    });

    it("shows up in the run editor's choices and fields", () => {
      expect(optimizerChoices().at(-1)).toEqual({ type: 'signum', label: SIGNUM.label, rule: SIGNUM.rule });
      const fields = optimizerFields({ type: 'signum', lr: 0.05, beta: 0.5, weightDecay: 0.2 });
      expect(fields.map((f) => [f.kind, f.key, f.label, f.value])).toEqual([
        ['number', 'N', 'N', 2],
        ['number', 'weightDecay', 'λ', 0.2],
      ]);
      expect(switchedOptimizer('signum', 0.05)).toEqual({ type: 'signum', lr: 0.05, N: 4 });
    });
  });

  it('is unknown again once unregistered', () => {
    expect(issues({ type: 'signum' })[0]).toMatch(/unknown optimizer type signum/);
    expect(optimizerChoices().some((c) => c.type === 'signum')).toBe(false);
  });
});
