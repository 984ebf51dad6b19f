/** Data sets: seeded generation, CSV reading by header, and the errors a user can act on. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Loss } from '../../shared/experiment/experiment';
import { DataError, generateData, loadDataSet, NO_DATA } from '../../src-main/engine/loss/loss-data';
import { Rng } from '../../shared/data/prng';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sgd-lab-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const csvLoss = (csv: string, expr = '(x - a)^2 + y * b'): Loss => ({
  expr,
  params: ['x', 'y'],
  data: { csv },
  domain: [
    [-1, 1],
    [-1, 1],
  ],
});

async function csvError(text: string, expr?: string): Promise<DataError> {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, text);
  try {
    await loadDataSet(csvLoss(file, expr), { seed: 0, baseDir: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(file);
    return err as DataError;
  }
  throw new Error('loaded');
}

describe('generated data', () => {
  it('is deterministic in the seed and follows its distribution', () => {
    const vars = { u: { normal: [1, 2] as [number, number] }, v: { uniform: [-1, 3] as [number, number] } };
    const a = generateData(vars, 20_000, 42);
    const b = generateData(vars, 20_000, 42);
    const c = generateData(vars, 20_000, 43);
    expect(a.vars).toEqual(['u', 'v']);
    expect(a.columns[0]).toEqual(b.columns[0]);
    expect(a.columns[1]).toEqual(b.columns[1]);
    expect(a.columns[0]).not.toEqual(c.columns[0]);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const sd = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / x.length);
    expect(mean(a.columns[0]!)).toBeCloseTo(1, 1);
    expect(sd(a.columns[0]!)).toBeCloseTo(2, 1);
    expect(mean(a.columns[1]!)).toBeCloseTo(1, 1);
    expect(Math.min(...a.columns[1]!)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a.columns[1]!)).toBeLessThan(3);
  });

  it('loads through loadDataSet, none without data', async () => {
    const loss: Loss = {
      expr: '0.5 * (x - u)^2',
      params: ['x'],
      domain: [[-2, 4]],
      data: { n: 5, vars: { u: { normal: [1, 1] } } },
    };
    const d = await loadDataSet(loss, { seed: 1, baseDir: dir });
    expect(d.n).toBe(5);
    expect(d.columns[0]).toHaveLength(5);
    const { data: _data, ...plain } = loss;
    expect(await loadDataSet(plain, { seed: 1, baseDir: dir })).toEqual(NO_DATA);
  });

  it('the generator gives uniform 32-bit words and fixed sequences', () => {
    const rng = new Rng(0);
    const first = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    const again = new Rng(0);
    expect([again.nextUint32(), again.nextUint32(), again.nextUint32()]).toEqual(first);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += rng.uniform();
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });
});

describe('CSV data', () => {
  it('reads the columns the formula uses, by header, relative to baseDir', async () => {
    await writeFile(join(dir, 'ok.csv'), 'label,b,a\n"cat",1.5,2\n\ndog, -3e-1 ,"4"\r\n');
    const d = await loadDataSet(csvLoss('ok.csv'), { seed: 0, baseDir: dir });
    expect(d.n).toBe(2);
    expect(d.vars).toEqual(['a', 'b']);
    expect(Array.from(d.columns[0]!)).toEqual([2, 4]);
    expect(Array.from(d.columns[1]!)).toEqual([1.5, -0.3]);
  });

  it('missing column: names the file and the column', async () => {
    const err = await csvError('a,c\n1,2\n');
    expect(err.message).toMatch(/no column b \(the header has a, c\)/);
    expect(err.column).toBe('b');
  });

  it('non-number cell: names the row and column', async () => {
    const err = await csvError('a,b\n1,2\n3,four\n');
    expect(err.message).toMatch(/row 3, column b: "four" is not a number/);
    expect(err.row).toBe(3);
    expect(err.column).toBe('b');
    expect((await csvError('a,b\n1,\n')).message).toMatch(/row 2, column b: empty cell/);
    expect((await csvError('a,b\n0x10,1\n')).message).toMatch(/row 2, column a/);
    expect((await csvError('a,b\n1\n')).message).toMatch(/row 2, column b: the row is too short/);
  });

  it('empty file and header only', async () => {
    expect((await csvError('')).message).toMatch(/empty/);
    expect((await csvError('\n  \n')).message).toMatch(/empty/);
    expect((await csvError('a,b\n')).message).toMatch(/no data rows/);
  });

  it('a file that does not exist', async () => {
    await expect(loadDataSet(csvLoss('nope.csv'), { seed: 0, baseDir: dir })).rejects.toThrow(DataError);
  });

  it('a million rows load in a few seconds', async () => {
    const rows = 1_000_000;
    const parts: string[] = ['id,a,b'];
    for (let i = 0; i < rows; i++) parts.push(`${i},${(i % 1000) / 7},${-i / 3}`);
    const file = join(dir, 'big.csv');
    await writeFile(file, parts.join('\n'));
    const t0 = performance.now();
    const d = await loadDataSet(csvLoss(file), { seed: 0, baseDir: dir });
    const ms = performance.now() - t0;
    console.log(`1,000,000-row CSV loaded in ${ms.toFixed(0)} ms`);
    expect(d.n).toBe(rows);
    expect(d.columns[1]![rows - 1]).toBeCloseTo(-(rows - 1) / 3, -1);
  });
});
