/**
 * A model's data from files (SPEC §13): real sets by name (iris's known first row and 50/50/50
 * classes; digits' 784 pixels in [0, 1] and the one-digit-at-a-time order) and CSV files (labels as
 * integers or numbered distinct values, linear targets, the test split of the last rows, the
 * standardization by hand, errors naming file and column).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLabeled, type ModelExamples } from '../../shared/data/model-data';
import { DataSchema } from '../../shared/experiment/experiment';
import { modelData } from '../../src-main/data/load-model-data';
import { digitOrder } from '../../src-main/data/real-sets';

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-model-data-'));
const load = (data: object, output = 'softmax') =>
  modelData({ seed: 1, loss: { data: DataSchema.parse(data), model: { output } } }, dir);
const labels = (e: ModelExamples | null) => Array.from(e!.y);
const row = (e: ModelExamples, i: number) => Array.from(e.x.slice(i * e.inputs, (i + 1) * e.inputs));
const csv = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return name;
};

describe('real sets', () => {
  it('iris: 150 × 4 in the package’s order, 50/50/50, first row 5.1, 3.5, 1.4, 0.2 setosa', async () => {
    const data = await load({ dataset: 'iris', standardize: false });
    const train = data.train;
    expect([train.n, train.inputs, isLabeled(train) && train.classes]).toEqual([150, 4, 3]);
    expect(row(train, 0)).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(row(train, 149)).toEqual([5.9, 3, 5.1, 1.8]);
    const counts = [0, 0, 0];
    for (const y of train.y) counts[y]!++;
    expect(counts).toEqual([50, 50, 50]);
    expect(isLabeled(train) && train.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.test).toBeNull();
  });

  it('iris: n then test in order, standardized by default with the training rows', async () => {
    const data = await load({ dataset: 'iris', n: 100, test: 50 });
    expect(labels(data.test)).toEqual(new Array(50).fill(2));
    // Training rows 0–99 (setosa, versicolor): sepal length's mean over them, by hand from the package's numbers.
    const mean0 = data.standardization!.mean[0]!;
    expect(mean0).toBeCloseTo(5.471, 12); // (250.3 + 296.8)/100
    let sum = 0;
    for (let i = 0; i < 100; i++) sum += data.train.x[i * 4]!;
    expect(Math.abs(sum)).toBeLessThan(1e-12);
  });

  it('digits: the stored order one digit at a time, 784 pixels in [0, 1]', async () => {
    expect(digitOrder([2, 1, 3], 6)).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [2, 1],
      [2, 2],
    ]);
    const data = await load({ dataset: 'digits', n: 30, test: 10, standardize: false });
    expect(data.train.inputs).toBe(784);
    expect(labels(data.train)).toEqual([...Array(30).keys()].map((i) => i % 10));
    expect(labels(data.test)).toEqual([...Array(10).keys()]);
    expect(Math.min(...data.train.x)).toBe(0);
    expect(Math.max(...data.train.x)).toBeLessThanOrEqual(1);
    // An image has ink: some pixels well above 0.
    expect(row(data.train, 0).filter((p) => p > 0.5).length).toBeGreaterThan(50);
  }, 60_000);
});

describe('CSV for a model', () => {
  const text =
    'a,b,label,u,v\n1,10,setosa,0.5,1\n3,10,virginica,1.5,2\n\n5,10,setosa,2.5,3\n7,10,"versi,color",3.5,4\n9,12,setosa,4.5,5\n';

  it('numbers distinct text labels in sorted order and holds out the last rows', async () => {
    const file = csv('text.csv', text);
    const data = await load({ csv: file, inputs: ['a', 'b'], target: 'label', test: 0.4, standardize: false });
    expect(data.train.n).toBe(3);
    expect(labels(data.train)).toEqual([0, 2, 0]);
    expect(labels(data.test)).toEqual([1, 0]);
    expect(isLabeled(data.train) && data.train.classNames).toEqual(['setosa', 'versi,color', 'virginica']);
    expect(row(data.test!, 0)).toEqual([7, 10]);
    expect(data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps integer labels 0 … K − 1 as they are, numbers other numbers sorted', async () => {
    const ints = csv('ints.csv', 'x,y\n1,2\n2,0\n3,2\n4,1\n');
    const data = await load({ csv: ints, inputs: ['x'], target: 'y' });
    expect(labels(data.train)).toEqual([2, 0, 2, 1]);
    expect(isLabeled(data.train) && [data.train.classes, data.train.classNames]).toEqual([3, undefined]);
    const reals = csv('reals.csv', 'x,y\n1,2.5\n2,-1\n3,10\n4,2.5\n');
    const numbered = await load({ csv: reals, inputs: ['x'], target: 'y' });
    expect(labels(numbered.train)).toEqual([1, 0, 2, 1]);
    expect(isLabeled(numbered.train) && numbered.train.classNames).toEqual(['-1', '2.5', '10']);
  });

  it('reads one or more real targets for linear and a count of test rows; standardizes by hand', async () => {
    const file = csv('lin.csv', text);
    const data = await load({ csv: file, inputs: ['a', 'b'], target: ['u', 'v'], test: 2 }, 'linear');
    expect(data.train.n).toBe(3);
    expect('outputs' in data.train && data.train.outputs).toBe(2);
    expect(Array.from(data.train.y)).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    expect(Array.from(data.test!.y)).toEqual([3.5, 4, 4.5, 5]);
    const sd = Math.sqrt(8 / 3);
    expect(data.standardization).toEqual({ mean: [3, 10], sd: [sd, 1] });
    expect(row(data.test!, 1)).toEqual([6 / sd, 2]);
  });

  it('refuses what does not fit, naming file and column', async () => {
    const file = csv('three.csv', text);
    await expect(load({ csv: file, inputs: ['a'], target: 'label' }, 'logistic')).rejects.toThrow(
      'three.csv: column label has 3 classes: logistic takes 2 (use softmax)',
    );
    await expect(load({ csv: file, inputs: ['a'], target: 'label', test: 5 })).rejects.toThrow(
      'test holds 5 of its 5 rows and leaves none to train on',
    );
    await expect(load({ csv: file, inputs: ['a', 'zz'], target: 'label' })).rejects.toThrow(/no column zz/);
    const empty = csv('empty-label.csv', 'x,y\n1,0\n2,\n');
    await expect(load({ csv: empty, inputs: ['x'], target: 'y' })).rejects.toThrow(
      /empty-label\.csv: row 3, column y: empty cell/,
    );
  });
});
