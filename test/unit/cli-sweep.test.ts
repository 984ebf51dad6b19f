import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mergeCommand } from '../../src-main/cli/merge';
import { sweepCommand } from '../../src-main/cli/sweep';
import { readCsvRecords } from '../../src-main/sweep/sweep-csv';
import { gridIndices, parseFieldPath, setField } from '../../src-main/sweep/sweep-file';

let out = '';
let err = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const experiment = {
  version: 1,
  steps: 60,
  loss: { preset: 'quadratic-1d', data: { n: 200, vars: { u: { normal: [1, 1] } } } },
  runs: [
    {
      name: 'SGD, small',
      optimizer: { type: 'sgd', lr: 0.1 },
      gradient: { kind: 'minibatch', batch: 1 },
      particles: 40,
    },
    { name: 'exact', optimizer: { type: 'sgd', lr: 0.2 }, particles: 3, spread: 0.5 },
  ],
  record: { every: 5, particles: 3 },
};

/** A sweep file of 2 η × 3 seeds = 6 cells, 2 runs each; `lrs` changes the sweep. */
async function sweepFile(lrs = [0.1, 0.05]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgd-sweep-'));
  const file = path.join(dir, 'grid.sweep.json');
  await writeFile(path.join(dir, 'base.lab.json'), JSON.stringify(experiment));
  await writeFile(
    file,
    JSON.stringify({
      version: 1,
      experiment: 'base.lab.json',
      vary: [
        { path: 'runs[0].optimizer.lr', values: lrs },
        { path: 'seed', values: [1, 2, 3] },
      ],
      burnIn: 30,
    }),
  );
  return file;
}

const csv = (dir: string) => readFile(path.join(dir, 'sweep.csv'), 'utf8');

describe('sweep grid and paths', () => {
  it('the grid is the product of the lists, first list slowest', () => {
    expect(gridIndices([2, 3])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(gridIndices([])).toEqual([[]]);
  });

  it('paths are read and set; a missing object is created, a missing list element is a problem', () => {
    expect(parseFieldPath('runs[0].optimizer.lr')).toEqual(['runs', 0, 'optimizer', 'lr']);
    expect(parseFieldPath('seed')).toEqual(['seed']);
    expect(parseFieldPath('runs[0]..lr')).toMatch(/cannot read/);
    expect(parseFieldPath('__proto__.x')).toMatch(/cannot be set/);
    const e = structuredClone(experiment) as Record<string, unknown>;
    expect(setField(e, ['runs', 1, 'schedule', 'type'], 'constant')).toBeUndefined();
    expect((e.runs as { schedule?: unknown }[])[1]!.schedule).toEqual({ type: 'constant' });
    expect(setField(e, ['runs', 5, 'seed'], 1)).toBe('runs has no element [5]');
    expect(setField(e, ['steps', 'x'], 1)).toBe('steps is not an object');
  });
});

describe('sgd-lab sweep and merge', () => {
  it('writes one row per cell and run with the SPEC §12 columns; deterministic per seed; shards merge byte for byte; resumes', async () => {
    const file = await sweepFile();
    const whole = await mkdtemp(path.join(tmpdir(), 'sgd-sweep-out-'));
    expect(await sweepCommand([file, '--out', whole])).toBe(0);
    const text = await csv(whole);
    const { records, partial } = readCsvRecords(text);
    expect(partial).toBe('');
    expect(records[0]!.fields).toEqual([
      'runs[0].optimizer.lr',
      'seed',
      'cell',
      'run',
      'L',
      'L_stderr',
      'final_loss',
      'examples',
      'tau',
      'diverged',
    ]);
    const rows = records.slice(1).map((r) => r.fields);
    expect(rows.map((r) => r.slice(0, 4))).toEqual(
      [0.1, 0.05].flatMap((lr, i) =>
        [1, 2, 3].flatMap((seed, j) => [
          [String(lr), String(seed), String(i * 3 + j), 'SGD, small'],
          [String(lr), String(seed), String(i * 3 + j), 'exact'],
        ]),
      ),
    );
    // examples = t·B, τ = Σ η at the last step; no divergence.
    expect(rows[0]![7]).toBe('60');
    expect(Number(rows[0]![8])).toBeCloseTo(60 * 0.1, 12);
    expect(rows[0]![9]).toBe('0');
    expect(Number(rows[6]![8])).toBeCloseTo(60 * 0.05, 12);
    expect(rows.every((r) => Number.isFinite(Number(r[4])) && Number(r[5]) >= 0)).toBe(true);
    // Different seeds, different data and draws.
    expect(rows[0]![4]).not.toBe(rows[2]![4]);
    expect(err).toMatch(/6\/6 cells done \(cell 5\).*finished/);
    expect(err).toMatch(/1\/6 cells done \(cell 0\), .* elapsed, about .* left/);

    // The same sweep again: byte for byte.
    const again = await mkdtemp(path.join(tmpdir(), 'sgd-sweep-out-'));
    expect(await sweepCommand([file, '--out', again])).toBe(0);
    expect(await csv(again)).toBe(text);

    // Rerun into the same folder: nothing to do.
    out = '';
    expect(await sweepCommand([file, '--out', whole])).toBe(0);
    expect(out).toContain('0 run, 6 already done');
    expect(await csv(whole)).toBe(text);

    // Two shards, merged: byte for byte the whole.
    const s0 = await mkdtemp(path.join(tmpdir(), 'sgd-shard-'));
    const s1 = await mkdtemp(path.join(tmpdir(), 'sgd-shard-'));
    expect(await sweepCommand([file, '--out', s0, '--shard', '0/2'])).toBe(0);
    expect(await sweepCommand([file, '--out', s1, '--shard=1/2'])).toBe(0);
    expect(
      readCsvRecords(await csv(s0))
        .records.slice(1)
        .map((r) => r.fields[2]),
    ).toEqual(['0', '0', '2', '2', '4', '4']);
    const merged = await mkdtemp(path.join(tmpdir(), 'sgd-merged-'));
    expect(await mergeCommand([s1, s0, '--out', merged])).toBe(0);
    expect(await csv(merged)).toBe(text);

    // One shard alone does not cover the sweep.
    err = '';
    expect(await mergeCommand([s0, '--out', merged + '-x'])).toBe(1);
    expect(err).toContain('cells 1, 3, 5 missing');

    // A shard of another sweep is refused.
    const other = await mkdtemp(path.join(tmpdir(), 'sgd-shard-'));
    expect(await sweepCommand([await sweepFile([0.1, 0.02]), '--out', other, '--shard', '1/2'])).toBe(0);
    err = '';
    expect(await mergeCommand([s0, other, '--out', merged + '-y'])).toBe(1);
    expect(err).toContain('holds another sweep');

    // And the folder of one sweep refuses another sweep or another shard.
    err = '';
    expect(await sweepCommand([await sweepFile([0.1, 0.02]), '--out', whole])).toBe(2);
    expect(err).toContain('holds another sweep');
    expect(await sweepCommand([file, '--out', s0, '--shard', '1/2'])).toBe(2);

    // Resume after a kill: two cells done, the third cut mid-row.
    const cut = await mkdtemp(path.join(tmpdir(), 'sgd-sweep-cut-'));
    await cp(path.join(whole, 'sweep-manifest.json'), path.join(cut, 'sweep-manifest.json'));
    const lines = text.split('\n');
    await writeFile(path.join(cut, 'sweep.csv'), lines.slice(0, 6).join('\n') + '\n' + lines[6]!.slice(0, 9));
    out = '';
    expect(await sweepCommand([file, '--out', cut])).toBe(0);
    expect(out).toContain('4 run, 2 already done');
    expect(await csv(cut)).toBe(text);
  });

  it('an invalid cell is named by its index and path before anything runs', async () => {
    const file = await sweepFile([0.1, -1]);
    const dir = await mkdtemp(path.join(tmpdir(), 'sgd-sweep-bad-'));
    expect(await sweepCommand([file, '--out', dir])).toBe(2);
    expect(err).toContain('cell 3 (runs[0].optimizer.lr = -1, seed = 1): runs[0].optimizer.lr: must be > 0');
    expect(err).toContain('cell 5 (');
    expect(err).not.toContain('cell 0 (');
    await expect(readFile(path.join(dir, 'sweep.csv'))).rejects.toThrow();

    err = '';
    const sweep = JSON.parse(await readFile(file, 'utf8'));
    sweep.vary = [
      { path: 'runs[2].optimizer.lr', values: [0.1] },
      { path: 'seed', values: [1] },
      { path: 'seed', values: [2] },
    ];
    await writeFile(file, JSON.stringify(sweep));
    expect(await sweepCommand([file, '--out', dir])).toBe(2);
    expect(err).toContain('vary[2].path: seed is varied twice');
    sweep.vary.pop();
    await writeFile(file, JSON.stringify(sweep));
    err = '';
    expect(await sweepCommand([file, '--out', dir])).toBe(2);
    expect(err).toContain(
      'cell 0 (runs[2].optimizer.lr = 0.1, seed = 1): runs[2].optimizer.lr: runs has no element [2]',
    );
  });

  it('usage errors: exit 2', async () => {
    expect(await sweepCommand([])).toBe(2);
    expect(await sweepCommand(['a.sweep.json'])).toBe(2);
    expect(await sweepCommand(['a.sweep.json', '--out', 'x', '--shard', '2/2'])).toBe(2);
    expect(await sweepCommand(['a.sweep.json', '--out', 'x', '--shard', 'a'])).toBe(2);
    expect(await mergeCommand(['a'])).toBe(2);
    expect(err).not.toContain('    at ');
  });
});
