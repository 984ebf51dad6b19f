/**
 * A sweep's grid is validated without building it (issue 18: 10⁶ cells took 3.9 GB and 100 s before
 * any ran): a bad value is named in the first cell that has it, by index and path, with memory that
 * does not grow with the grid; a combination that only two values together break is found by the
 * pass over every cell; a valid grid of 10⁵ cells validates in a heap of 128 MB.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSweep, type Sweep } from '../../src-main/sweep/sweep-file';

const ROOT = path.resolve(__dirname, '../..');
const base = { steps: 100, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'sgd', lr: 0.01 } }] };
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const sweepOf = (vary: Sweep['vary']): Sweep => ({ version: 1, experiment: base, vary });

describe('sweep validation, lazily', () => {
  it('10⁶ cells with one bad value: named in its first cell by index and path, heap growth under 200 MB', () => {
    const lrs = range(100, (i) => 0.001 * (i + 1));
    lrs[37] = -1;
    const vary = [
      { path: 'runs[0].optimizer.lr', values: lrs },
      { path: 'seed', values: range(100, (i) => i) },
      { path: 'steps', values: range(100, (i) => 10 + i) },
    ];
    const before = process.memoryUsage().heapUsed;
    const result = expandSweep(sweepOf(vary), base, ROOT);
    const grown = process.memoryUsage().heapUsed - before;
    if (!('issues' in result)) throw new Error('the bad value was not found');
    // lr index 37, the others at their first values: cell 37 × 100 × 100.
    expect(result.issues[0]).toEqual({
      path: 'cell 370000 (runs[0].optimizer.lr = -1, seed = 0, steps = 10): runs[0].optimizer.lr',
      message: 'must be > 0',
    });
    expect(grown).toBeLessThan(200e6);
  });

  it('a combination only two values together break (the work budget) is found by the pass over every cell', () => {
    const vary = [
      { path: 'runs[0].particles', values: [10, 1e6] },
      { path: 'steps', values: [10, 1e8] },
    ];
    const result = expandSweep(sweepOf(vary), base, ROOT);
    if (!('issues' in result)) throw new Error('the combination was not found');
    // 10⁶ particles × 10⁸ steps = 10¹⁴ gradients (limit 10¹³); cells 1 and 2 alone are fine.
    expect(result.issues.map((i) => i.path.split(':')[0])).toEqual([
      'cell 3 (runs[0].particles = 1000000, steps = 100000000)',
    ]);
  });

  it('a valid grid of 10⁵ cells validates in a 128 MB heap, its cells made on demand', () => {
    const code = `
      const { expandSweep } = await import('./src-main/sweep/sweep-file.ts');
      const base = ${JSON.stringify(base)};
      const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
      const vary = [
        { path: 'runs[0].optimizer.lr', values: range(100, (i) => 0.001 * (i + 1)) },
        { path: 'seed', values: range(100, (i) => i) },
        { path: 'steps', values: range(10, (i) => 10 + i) },
      ];
      const r = expandSweep({ version: 1, experiment: base, vary }, base, '.');
      if ('issues' in r) throw new Error(JSON.stringify(r.issues.slice(0, 3)));
      const c = r.cell(12345);
      process.stdout.write(JSON.stringify({ total: r.total, runs: r.runs.length, values: c.values, steps: c.experiment.steps }));`;
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=128', '--import', 'tsx', '--input-type=module', '-e', code],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Cell 12345 = lr index 12, seed 34, steps index 5.
    expect(JSON.parse(r.stdout)).toEqual({ total: 100_000, runs: 100_000, values: [0.001 * 13, 34, 15], steps: 15 });
  }, 300_000);
});
