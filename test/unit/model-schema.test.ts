/**
 * The experiment file's model part (SPEC §13): `loss.model` with its defaults and limits, errors by
 * place, `start` as `{"initSeed": S}`, a model's gaussian `cov` as one number σ², `record.particles`
 * 1 by default and `record.sharpness` for models only.
 */
import { describe, expect, it } from 'vitest';
import { modelEstimate } from '../../shared/model/size-estimate';
import { validateExperiment } from '../../shared/experiment/validate';

const base = (loss: object, runs: object[] = [{ optimizer: { type: 'sgd' } }], record?: object) => ({
  steps: 10,
  loss,
  runs,
  ...(record ? { record } : {}),
});
const moonsData = { dataset: 'two-moons', n: 50 };
const issuesOf = (input: unknown) => {
  const r = validateExperiment(input, { budget: false });
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('loss.model in the experiment file', () => {
  it('normalizes: hidden [] and tanh by default, record.particles 1, start empty (Φ₀ from the seed)', () => {
    const r = validateExperiment(base({ model: { output: 'logistic' }, data: moonsData }), { budget: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.experiment.loss.model).toEqual({ hidden: [], activation: 'tanh', output: 'logistic' });
    expect(r.experiment.loss).toMatchObject({ expr: '', params: [], domain: [] });
    expect(r.experiment.record.particles).toBe(1);
    expect(r.experiment.runs[0]!.start).toEqual([]);
    expect(r.experiment.runs[0]!.initSeed).toBeUndefined();
  });

  it('start {"initSeed": S} becomes start [] with initSeed S, and reads back as it is', () => {
    const input = base({ model: { hidden: [4], output: 'logistic' }, data: moonsData }, [
      { optimizer: { type: 'adam' }, start: { initSeed: 9 } },
    ]);
    const r = validateExperiment(input, { budget: false });
    expect(r.ok && r.experiment.runs[0]).toMatchObject({ start: [], initSeed: 9 });
    if (!r.ok) return;
    const again = validateExperiment(JSON.parse(JSON.stringify(r.experiment)), { budget: false });
    expect(again.ok && again.experiment).toEqual(r.experiment);
  });

  it("a model's gaussian cov is one number σ² ≥ 0, kept as [[σ²]]", () => {
    const run = (cov: unknown) => [{ optimizer: { type: 'sgd' }, gradient: { kind: 'gaussian', batch: 2, cov } }];
    const r = validateExperiment(base({ model: { output: 'logistic' }, data: moonsData }, run(0.25)), {
      budget: false,
    });
    expect(r.ok && r.experiment.runs[0]!.gradient).toEqual({ kind: 'gaussian', batch: 2, cov: [[0.25]] });
    expect(issuesOf(base({ model: { output: 'logistic' }, data: moonsData }, run(-1)))).toEqual([
      'runs[0].gradient.cov: must be one number σ² ≥ 0 for a model (Σ = σ² I)',
    ]);
  });

  it('refuses by place: too many layers, too wide, a mistyped activation, a formula beside a model, initSeed without one', () => {
    const bad = issuesOf(
      base({ model: { hidden: [2, 2, 2, 2, 2], activation: 'tanhh', output: 'logistic' }, data: moonsData }),
    );
    expect(bad).toContain('loss.model.hidden: at most 4 hidden layers');
    expect(bad.find((m) => m.startsWith('loss.model.activation'))).toMatch(
      /unknown activation tanhh: did you mean tanh\?/,
    );
    expect(issuesOf(base({ model: { hidden: [2000], output: 'softmax' }, data: moonsData }))).toContain(
      'loss.model.hidden[0]: must be ≤ 1024 units',
    );
    expect(issuesOf(base({ model: { output: 'logistic' }, expr: 'x^2', data: moonsData }))).toContain(
      'loss.expr: a model loss has no expr',
    );
    expect(issuesOf(base({ expr: 'x^2 + y^2' }, [{ optimizer: { type: 'sgd' }, start: { initSeed: 1 } }]))).toContain(
      "runs[0].start: initSeed draws a model's initial weights: give loss.model",
    );
  });

  it('record.sharpness is kept for a model and refused for a formula', () => {
    const r = validateExperiment(
      base({ model: { output: 'logistic' }, data: moonsData }, undefined, { sharpness: true }),
      {
        budget: false,
      },
    );
    expect(r.ok && r.experiment.record).toEqual({ every: 1, particles: 1, sharpness: true });
    expect(issuesOf(base({ expr: 'x^2 + y^2' }, undefined, { sharpness: true }))).toEqual([
      "record.sharpness: is a model's measure: give loss.model",
    ]);
  });

  it('the budget counts a model: D by the layout from what loss.data says, and its examples', () => {
    const tanh = { activation: 'tanh' as const };
    // (2+1)·16 + (16+1)·16 + (16+1)·1 = 337; iris (4+1)·8 + (8+1)·3 = 67; sine (1+1)·10 + (10+1)·1 = 31.
    expect(
      modelEstimate({ hidden: [16, 16], ...tanh, output: 'logistic' }, { ...moonsData, noise: 0.1, test: 20 }),
    ).toEqual({
      inputs: 2,
      D: 337,
      rows: 70,
    });
    expect(
      modelEstimate({ hidden: [8], ...tanh, output: 'softmax' }, { dataset: 'iris', n: 120, test: 30 }),
    ).toMatchObject({ D: 67, rows: 150 });
    expect(modelEstimate({ hidden: [10], ...tanh, output: 'linear' }, { dataset: 'sine', n: 5, test: 0 }).D).toBe(31);
    const huge = base(
      { model: { hidden: [1024, 1024, 1024, 1024], output: 'softmax' }, data: { dataset: 'digits', n: 100 } },
      [{ optimizer: { type: 'adam' }, particles: 100_000 }],
    );
    const r = validateExperiment(huge);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]!.path).toBe('runs[0].particles');
  });
});
