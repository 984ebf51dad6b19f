/**
 * Positions in a side file (SPEC §13): float64 little-endian in the order step, particle, coordinate,
 * read beside the recording; inline arrays alike; names, shapes, sizes and non-files refused by field.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPositions } from '../../src-main/files/read-positions';

async function folderWith(values: number[], name = 'p.f64'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgd-positions-'));
  const bytes = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => bytes.writeDoubleLE(v, 8 * i));
  await writeFile(path.join(dir, name), bytes);
  return dir;
}

describe('readPositions', () => {
  it('reads [T, p, D] and [p, D] side files in step, particle, coordinate order', async () => {
    const values = Array.from({ length: 2 * 3 * 2 }, (_, i) => i + 0.5);
    const dir = await folderWith(values);
    const steps = await readPositions({ file: 'p.f64', shape: [2, 3, 2] }, 'runs[0].positions', dir, 3, 2);
    expect(steps.toJSON()).toEqual([
      [
        [0.5, 1.5],
        [2.5, 3.5],
        [4.5, 5.5],
      ],
      [
        [6.5, 7.5],
        [8.5, 9.5],
        [10.5, 11.5],
      ],
    ]);
    const final = await readPositions({ file: 'p.f64', shape: [6, 2] }, 'runs[0].final.positions', dir, 2, 2);
    expect(final.particles).toBe(6);
    expect(Array.from(final.data)).toEqual(values);
  });

  it('reads inline positions, null as NaN', async () => {
    const p = await readPositions([[[1, null]], [[3, 4]]], 'runs[0].positions', '.', 3, 2);
    expect(Array.from(p.data)).toEqual([1, NaN, 3, 4]);
    await expect(readPositions([[[1, 2, 3]]], 'runs[0].positions', '.', 3, 2)).rejects.toThrow(
      'runs[0].positions[0][0]: 2 coordinates expected',
    );
  });

  it('refuses names outside the folder, wrong shapes and sizes, and non-files, by field', async () => {
    const dir = await folderWith([1, 2, 3]);
    await mkdir(path.join(dir, 'dir.f64'));
    const read = (ref: object) => readPositions(ref, 'runs[1].positions', dir, 3, 1);
    await expect(read({ file: '../p.f64', shape: [3, 1, 1] })).rejects.toThrow(
      /runs\[1\]\.positions\.file: must be the name of a file beside/,
    );
    await expect(read({ file: 'p.f64', shape: [3, 1] })).rejects.toThrow(/shape: must be 3 whole numbers/);
    await expect(read({ file: 'p.f64', shape: [1, 1, 3] })).rejects.toThrow(/3 coordinates, the loss has 1/);
    await expect(read({ file: 'p.f64', shape: [2, 1, 1] })).rejects.toThrow(
      /holds 24 bytes, its shape \[2, 1, 1\] needs 16/,
    );
    await expect(read({ file: 'dir.f64', shape: [3, 1, 1] })).rejects.toThrow(/not a regular file/);
    await expect(read({ file: 'gone.f64', shape: [3, 1, 1] })).rejects.toThrow(/cannot be read \(ENOENT\)/);
    expect(Array.from((await read({ file: 'p.f64', shape: [3, 1, 1] })).data)).toEqual([1, 2, 3]);
  });
});
