/**
 * `sgd-lab data FILE.lab.json --out DIR` (SPEC §13) on a real process: train.csv and test.csv hold the
 * examples as the model sees them (standardized, then the target), read back and checked against
 * SPEC's formulas; errors name their place (exit 2) without a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'sgd-cli-data-'));

function sgdLab(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function experiment(name: string, loss: object): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ seed: 3, steps: 10, loss, runs: [{ optimizer: { type: 'sgd' } }] }));
  return file;
}
const rows = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('sgd-lab data', () => {
  it('writes two-moons as the model sees it: x1, x2, label; noise 0 points on their moons', () => {
    const spec = experiment('moons.lab.json', {
      model: { hidden: [8], output: 'logistic' },
      data: { dataset: 'two-moons', n: 100, noise: 0, test: 20 },
    });
    const out = path.join(dir, 'moons');
    const r = sgdLab(['data', spec, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/train\.csv \(100 rows × 2 inputs, 2 classes\)/);
    const train = rows(path.join(out, 'train.csv'));
    const test = rows(path.join(out, 'test.csv'));
    expect(train[0]).toEqual(['x1', 'x2', 'label']);
    expect([train.length - 1, test.length - 1]).toEqual([100, 20]);
    for (const [a, b, label] of [...train.slice(1), ...test.slice(1)].map((r) => r.map(Number))) {
      const [cx, cy] = label === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(a! - cx, b! - cy)).toBeCloseTo(1, 12);
    }
    expect(readdirSync(out).sort()).toEqual(['test.csv', 'train.csv']);
  });

  it('writes iris standardized with the training rows: each column of train.csv has mean 0 and sd 1', () => {
    const spec = experiment('iris.lab.json', {
      model: { hidden: [], output: 'softmax' },
      data: { dataset: 'iris', n: 120, test: 30 },
    });
    const out = path.join(dir, 'iris');
    const r = sgdLab(['data', spec, '--out', out]);
    expect(r.code).toBe(0);
    const train = rows(path.join(out, 'train.csv'));
    expect(train[0]).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    const body = train.slice(1).map((r) => r.map(Number));
    for (let j = 0; j < 4; j++) {
      const col = body.map((r) => r[j]!);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(1, 12);
    }
    // Labels in the package's order: 50 setosa, 50 versicolor, then virginica.
    expect(body.map((r) => r[4])).toEqual([...Array(50).fill(0), ...Array(50).fill(1), ...Array(20).fill(2)]);
    expect(
      rows(path.join(out, 'test.csv'))
        .slice(1)
        .map((r) => Number(r[4])),
    ).toEqual(Array(30).fill(2));
  });

  it('refuses a formula loss and a mistyped data set, naming the place; exit 2, no stack trace', () => {
    const formula = experiment('formula.lab.json', { expr: 'x^2 + y^2' });
    const a = sgdLab(['data', formula, '--out', path.join(dir, 'f')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/loss: has no model: sgd-lab data writes the examples of a loss\.model/);
    const typo = experiment('typo.lab.json', {
      model: { hidden: [], output: 'logistic' },
      data: { dataset: 'two-moon', n: 10 },
    });
    const b = sgdLab(['data', typo, '--out', path.join(dir, 't')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/loss\.data\.dataset: unknown data set two-moon: did you mean two-moons\?/);
    expect(b.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(sgdLab(['data', typo]).code).toBe(2);
  });
});
