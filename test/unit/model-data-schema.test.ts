/**
 * `loss.data` for a model (SPEC §13): the generated, real and CSV variants with their defaults, each
 * error at its own place with a suggestion, and the checks against `loss.model`.
 */
import { describe, expect, it } from 'vitest';
import { DataSchema } from '../../shared/experiment/experiment';
import { formatIssue } from '../../shared/experiment/issues';
import { modelDataIssues } from '../../shared/experiment/model-data-check';
import { withStandardization } from '../../shared/experiment/model-data-schema';
import { normalizeExperiment } from '../../shared/experiment/normalize';

const parse = (data: unknown) => DataSchema.safeParse(data, { reportInput: true });
const problems = (data: unknown): string[] => {
  const r = normalizeExperiment({ steps: 5, loss: { expr: 'x^2', data }, runs: [{ optimizer: { type: 'sgd' } }] });
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('model data schema', () => {
  it('fills the defaults SPEC and the schema give', () => {
    expect(parse({ dataset: 'two-moons', n: 100 }).data).toEqual({
      dataset: 'two-moons',
      n: 100,
      noise: 0.1,
      test: 0,
      standardize: false,
    });
    expect(parse({ dataset: 'blobs', n: 9 }).data).toMatchObject({ classes: 3 });
    expect(parse({ dataset: 'iris', test: 30 }).data).toEqual({ dataset: 'iris', n: 120, test: 30, standardize: true });
    expect(parse({ dataset: 'digits' }).data).toEqual({ dataset: 'digits', n: 10000, test: 0, standardize: true });
    expect(parse({ csv: 'a.csv', inputs: ['a'], target: 'y', test: 0.2 }).data).toEqual({
      csv: 'a.csv',
      inputs: ['a'],
      target: 'y',
      test: 0.2,
      standardize: true,
    });
    // The formula's variants are unchanged.
    expect(parse({ n: 3, vars: { u: { normal: [0, 1] } } }).success).toBe(true);
    expect(parse({ csv: 'a.csv' }).data).toEqual({ csv: 'a.csv' });
  });

  it('names the place of each mistake', () => {
    const first = (data: unknown) => problems(data)[0];
    expect(first({ dataset: 'two-moon', n: 10 })).toBe(
      'loss.data.dataset: unknown data set two-moon: did you mean two-moons? (two-moons, circles, xor, spirals, blobs, sine, iris, digits)',
    );
    expect(first({ dataset: 'two-moons' })).toBe('loss.data.n: is required');
    expect(first({ dataset: 'circles', n: 5, noise: -1 })).toBe('loss.data.noise: must be ≥ 0');
    expect(first({ dataset: 'xor', n: 5, classes: 3 })).toBe('loss.data.classes: only blobs takes classes (xor has 2)');
    expect(first({ dataset: 'iris', n: 140, test: 20 })).toBe(
      'loss.data.n: n + test must be ≤ 150: iris has 150 examples',
    );
    expect(first({ dataset: 'digits', test: 10000 })).toBe(
      'loss.data.test: must be < 10000: digits has 10000 examples',
    );
    expect(first({ csv: 'a.csv', inputs: ['a'] })).toBe(
      'loss.data.target: must be a column name or a list of column names',
    );
    expect(first({ csv: 'a.csv', inputs: [], target: 'y' })).toBe('loss.data.inputs: needs at least one column');
    expect(first({ csv: 'a.csv', inputs: ['a'], target: 'y', test: 2.5 })).toBe(
      'loss.data.test: must be a fraction below 1 or a whole number of rows',
    );
  });

  it('allows a model’s data only beside a model', () => {
    expect(problems({ dataset: 'two-moons', n: 10 })).toContain(
      'loss.data: is a model’s data (a data set, or a CSV with inputs and target): give loss.model',
    );
    expect(problems({ csv: 'a.csv', inputs: ['a'], target: 'y' })[0]).toMatch(/^loss\.data: is a model’s data/);
    expect(modelDataIssues({ n: 3, vars: {} }, { output: 'linear' })[0]?.message).toMatch(/a model needs a data set/);
    expect(modelDataIssues(undefined, { output: 'linear' })).toEqual([]); // normalize.ts says a model needs data
    expect(modelDataIssues({ n: 3, vars: {} }, undefined)).toEqual([]);
  });

  it('checks the output against the targets', () => {
    const at = (data: object, output: string) => modelDataIssues(data, { output }).map(formatIssue);
    expect(at({ dataset: 'two-moons', n: 5 }, 'logistic')).toEqual([]);
    expect(at({ dataset: 'two-moons', n: 5 }, 'softmax')).toEqual([]);
    expect(at({ dataset: 'sine', n: 5 }, 'linear')).toEqual([]);
    expect(at({ dataset: 'sine', n: 5 }, 'logistic')).toEqual([
      'loss.model.output: sine has a real target: use linear',
    ]);
    expect(at({ dataset: 'spirals', n: 5 }, 'linear')).toEqual([
      'loss.model.output: spirals has class labels: use logistic (2 classes) or softmax',
    ]);
    expect(at({ dataset: 'iris', n: 5 }, 'logistic')).toEqual([
      'loss.model.output: logistic takes 2 classes and iris has 3: use softmax',
    ]);
    expect(at({ dataset: 'blobs', n: 5, classes: 2 }, 'logistic')).toEqual([]);
    expect(at({ csv: 'a', inputs: ['a'], target: ['u', 'v'] }, 'softmax')).toEqual([
      'loss.data.target: softmax needs one target column (the labels), not 2',
    ]);
    expect(at({ csv: 'a', inputs: ['a'], target: ['u', 'v'] }, 'linear')).toEqual([]);
  });

  it('keeps the means and sds in the recording’s spec, where the schema reads them back', () => {
    const spec = { seed: 1, loss: { data: parse({ dataset: 'iris', n: 100 }).data! } };
    const kept = withStandardization(spec, { mean: [5.471, 3.099, 2.861, 0.786], sd: [0.64, 0.48, 1.44, 0.57] });
    expect(kept.loss.data).toMatchObject({ dataset: 'iris', standardization: { mean: [5.471, 3.099, 2.861, 0.786] } });
    expect(parse(kept.loss.data).data).toEqual(kept.loss.data);
    expect(withStandardization(spec, null)).toBe(spec);
    const formula = { loss: { data: { n: 2, vars: {} } } };
    expect(withStandardization(formula, { mean: [0], sd: [1] })).toBe(formula);
    expect(parse({ dataset: 'iris', standardization: { mean: [0], sd: [0] } }).error?.issues[0]?.path).toEqual([
      'standardization',
      'sd',
      0,
    ]);
  });
});
