/**
 * Data are kept in float64 on the CPU (issue #18, numerics 1): u = 16777217 and 16777219 are not
 * float32 numbers (float32 rounds them to 16777216 and 16777220, whose spread makes the minimum of
 * ½(x − u)² equal 2), so only float64 data give the true minimum ½·Var(u) = ½·1 = 0.5 at x = 16777218.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateData } from '../../shared/data/generate';
import { Rng } from '../../shared/data/prng';
import { analyzeRecording } from '../../shared/theory/analysis';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { experimentOf } from './theory-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sgd-lab-f64-'));
  await writeFile(join(dir, 'rows.csv'), 'u\n16777217\n16777219\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** ½(x − u)² over the two rows, SGD with the exact gradient from a start 100 away. */
const spec = (expr: string) =>
  experimentOf({
    version: 1,
    seed: 1,
    steps: 200,
    loss: { expr, params: ['x'], data: { csv: join(dir, 'rows.csv') }, domain: [[16777000, 16777400]] },
    runs: [{ name: 'sgd', optimizer: { type: 'sgd', lr: 0.5 }, start: [16777118] }],
    record: { every: 10, particles: 1 },
  });

describe('data in float64', () => {
  it('a CSV column keeps 16777217 and 16777219 exactly', async () => {
    const data = await loadDataSet(spec('0.5*(x - u)^2').loss, { seed: 1, baseDir: dir });
    expect(Array.from(data.columns[0]!)).toEqual([16777217, 16777219]);
  });

  it('a CSV of full-precision doubles reads back bit for bit (as Number() rounds the text)', async () => {
    const cells = ['419.93004331767827', '37.1371675335154379', String(0.1 + 0.2), String(Math.PI * 1e10), '1e-7'];
    await writeFile(join(dir, 'doubles.csv'), `u\n${cells.join('\n')}\n`);
    const loss = { ...spec('0.5*(x - u)^2').loss, data: { csv: join(dir, 'doubles.csv') } };
    const data = await loadDataSet(loss, { seed: 1, baseDir: dir });
    expect(Array.from(data.columns[0]!)).toEqual(cells.map(Number));
  });

  it('generated data are the float64 draws themselves', () => {
    const data = generateData({ u: { normal: [1, 1e-9] } }, 4, 5);
    const rng = new Rng(5);
    expect(Array.from(data.columns[0]!)).toEqual([0, 1, 2, 3].map(() => 1 + 1e-9 * rng.normal()));
  });

  // The polynomial loss goes through the data's moments, the one with abs() through a loop over the rows.
  it.each(['0.5*(x - u)^2', '0.5*abs(x - u)^2'])(
    'SGD on %s reaches the true minimum 0.5 (float32 data give 2), and analyze says L(Φ*) = 0.5',
    async (expr) => {
      const experiment = spec(expr);
      const recording = await runExperiment(experiment, { baseDir: dir, backend: 'compiled', threads: 1 });
      const run = recording.runs[0]!;
      expect(run.final.positions[0]![0]).toBeCloseTo(16777218, 6);
      expect(run.final.loss).toBeCloseTo(0.5, 6);
      const data = await loadDataSet(experiment.loss, { seed: 1, baseDir: dir });
      const theory = analyzeRecording(recording, data).runs[0]!.theory;
      expect(theory?.at[0]).toBeCloseTo(16777218, 6);
      expect(theory?.Lstar).toBeCloseTo(0.5, 9);
    },
  );
});
