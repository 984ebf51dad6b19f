/**
 * What the optimizer table derives, row by row against SPEC §3 written out here: the experiment file's
 * defaults and limits (the schema), the run editor's fields (labels, defaults, limits, scale), and the
 * settings a run gets when it switches optimizer. One row per optimizer; a new entry adds its row.
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../shared/optim/descriptors';
import { optimizerChoices, optimizerFields, switchedOptimizer } from '../../shared/optim/editor';
import { validateExperiment } from '../../shared/experiment/validate';

type Row = {
  /** The normalized optimizer of `{type, lr: 0.1}` (SPEC §3 defaults). */
  normalized: Record<string, unknown>;
  /** The editor's fields: key, label, default value, [min, max], log scale; or a choice's options. */
  fields: [string, string, number | string, ([number, number | undefined] | string[])?, boolean?][];
  /** η after switching to it from η = 0.1. */
  switchedLr: number;
};

const EPS: Row['fields'][number] = ['eps', 'ε', 1e-8, [1e-12, 1e-2], true];
const SECOND: Row['fields'][number] = ['secondMoment', '2nd moment over', 'batch', ['batch', 'examples']];
const DECAY = (key: string, label: string, v: number): Row['fields'][number] => [key, label, v, [0, 0.999999]];
const AVG = (key: string, label: string, v: number): Row['fields'][number] => [key, label, v, [1, undefined]];
const LAMBDA = (v: number): Row['fields'][number] => ['weightDecay', 'λ', v, [0, undefined]];

const TABLE: Record<string, Row> = {
  sgd: { normalized: {}, fields: [], switchedLr: 0.1 },
  momentum: { normalized: { N: 10 }, fields: [AVG('N', 'N', 10)], switchedLr: 0.1 },
  'momentum-ema': { normalized: { N: 10 }, fields: [AVG('N', 'N', 10)], switchedLr: 1 },
  nesterov: { normalized: { N: 10 }, fields: [AVG('N', 'N', 10)], switchedLr: 0.1 },
  rmsprop: {
    normalized: { N: 100, eps: 1e-8, secondMoment: 'batch' },
    fields: [AVG('N', 'N', 100), EPS, SECOND],
    switchedLr: 0.1,
  },
  adam: {
    normalized: { beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    fields: [DECAY('beta1', 'β₁', 0.9), DECAY('beta2', 'β₂', 0.999), EPS],
    switchedLr: 0.1,
  },
  'adam-simplified': {
    normalized: { Ng: 10, Ns: 1000, eps: 1e-8, secondMoment: 'batch' },
    fields: [AVG('Ng', 'N_g', 10), AVG('Ns', 'N_s', 1000), EPS, SECOND],
    switchedLr: 0.1,
  },
  adagrad: { normalized: { eps: 1e-10 }, fields: [['eps', 'ε', 1e-10, [1e-12, 1e-2], true]], switchedLr: 0.1 },
  adamw: {
    normalized: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
    fields: [DECAY('beta1', 'β₁', 0.9), DECAY('beta2', 'β₂', 0.999), EPS, LAMBDA(0.01)],
    switchedLr: 0.1,
  },
  lion: {
    normalized: { beta1: 0.9, beta2: 0.99, weightDecay: 0 },
    fields: [DECAY('beta1', 'β₁', 0.9), DECAY('beta2', 'β₂', 0.99), LAMBDA(0)],
    switchedLr: 0.1,
  },
};

const spec = (optimizer: unknown) => ({
  steps: 1,
  loss: { expr: 'x^2', params: ['x'], domain: [[-1, 1]] },
  runs: [{ optimizer }],
});

function normalized(optimizer: unknown) {
  const r = validateExperiment(spec(optimizer));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.experiment.runs[0]!.optimizer;
}

function issues(optimizer: unknown): string[] {
  const r = validateExperiment(spec(optimizer));
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('the optimizer table', () => {
  it('has a row here for every entry, in the docs order', () => {
    expect(OPTIMIZERS.map((d) => d.type)).toEqual(Object.keys(TABLE));
    expect(optimizerChoices().map((c) => c.type)).toEqual(Object.keys(TABLE));
  });

  describe.each(Object.entries(TABLE))('%s', (type, row) => {
    it('fills the defaults of SPEC §3 (η 0.01 when omitted)', () => {
      expect(normalized({ type, lr: 0.1 })).toEqual({ type, lr: 0.1, ...row.normalized });
      expect(normalized({ type }).lr).toBe(0.01);
    });

    it('refuses unknown fields and bad values by path', () => {
      expect(issues({ type, lr: 0.1, bogus: 1 })).toEqual(['runs[0].optimizer: unknown field bogus']);
      expect(issues({ type, lr: 0 })).toEqual(['runs[0].optimizer.lr: must be > 0']);
      for (const [key, , , range] of row.fields) {
        if (!Array.isArray(range) || typeof range[0] !== 'number') continue;
        const low = key.startsWith('N') ? 0.5 : -1;
        const message = key.startsWith('N') ? 'must be ≥ 1' : 'must be ≥ 0';
        expect(issues({ type, lr: 0.1, [key]: low })).toEqual([`runs[0].optimizer.${key}: ${message}`]);
      }
    });

    it('gives the editor its fields', () => {
      const fields = optimizerFields(normalized({ type, lr: 0.1 }));
      expect(fields.map((f) => [f.key, f.label, f.value])).toEqual(row.fields.map(([k, l, v]) => [k, l, v]));
      fields.forEach((f, i) => {
        const [, , , range, log] = row.fields[i]!;
        if (f.kind === 'choice') expect(f.options.map((o) => o.value)).toEqual(range);
        else {
          expect([f.min, f.max]).toEqual(range);
          expect(f.log).toBe(log ?? false);
          expect(f.tooltip.length).toBeGreaterThan(0);
        }
      });
    });

    it('switches to it keeping the step, each N at its default', () => {
      const switched = switchedOptimizer(type, 0.1);
      expect(switched.lr).toBeCloseTo(row.switchedLr, 12);
      expect(normalized(switched)).toEqual({ ...normalized({ type, lr: 0.1 }), lr: switched.lr });
    });
  });

  it('shows N from β in the editor (β = 1 − 1/N) and writes N in place of β', () => {
    const [n] = optimizerFields(normalized({ type: 'momentum', lr: 0.1, beta: 0.75 }));
    expect(n).toMatchObject({ key: 'N', drop: 'beta', value: 4 });
  });

  it('checks N_s against the batch where the second moment counts examples, by its name', () => {
    const exp = {
      steps: 1,
      loss: { expr: '(w - a)^2', params: ['w'], data: { n: 10, vars: { a: { normal: [0, 1] } } }, domain: [[-1, 1]] },
      runs: [
        { optimizer: { type: 'rmsprop', N: 4, secondMoment: 'examples' }, gradient: { kind: 'minibatch', batch: 8 } },
        {
          optimizer: { type: 'adam-simplified', betaS: 0.5, secondMoment: 'examples' },
          gradient: { kind: 'minibatch', batch: 8 },
        },
        { optimizer: { type: 'rmsprop', N: 4 }, gradient: { kind: 'minibatch', batch: 8 } },
      ],
    };
    const r = validateExperiment(exp);
    expect(r.ok ? [] : r.issues).toEqual([
      { path: 'runs[0].optimizer.N', message: 'must be ≥ the batch (8): N_s counts examples' },
      { path: 'runs[1].optimizer.betaS', message: 'must be ≥ the batch (8): N_s counts examples' },
    ]);
  });
});
