/**
 * `sgd-lab landscape` end to end on recordings written here (SPEC §13): positions inline and in a
 * float64 side file, the grid and the paths' losses against this file's own float64 network
 * (2-3-1 tanh, Φ in SPEC §13's layout), the three planes, and the refusals (exit 2).
 */
import { mkdtemp, readFile, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { landscapeCommand, type FullLossFactory } from '../../src-main/cli/landscape';
import { runCommand } from '../../src-main/cli/run';
import type { Landscape } from '../../shared/landscape/types';

let out = '';
let err = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

/** Six examples (x1, x2) → y of a 2-3-1 tanh network with ½(z − y)² loss, the last two held out. */
const X = [
  [0, 1],
  [1, 0],
  [-1, 0.5],
  [0.3, -0.7],
  [0.5, 0.5],
  [-0.2, -1],
];
const Y = [1, -1, 0.5, 0, 0.2, -0.4];
const D = 3 * 3 + 4 * 1;
/** The mean loss over examples `rows`, Φ = [W1 (2×3, row-major), b1 (3), W2 (3×1), b2 (1)]. */
function net(phi: ArrayLike<number>, rows: number[]): number {
  let L = 0;
  for (const n of rows) {
    let z = phi[12]!;
    for (let k = 0; k < 3; k++) {
      const a = Math.tanh(X[n]![0]! * phi[k]! + X[n]![1]! * phi[3 + k]! + phi[6 + k]!);
      z += a * phi[9 + k]!;
    }
    L += 0.5 * (z - Y[n]!) ** 2;
  }
  return L / rows.length;
}
const TRAIN = [0, 1, 2, 3];
const TEST = [4, 5];
const testLoss: FullLossFactory = async () => ({
  D,
  layers: [
    { fanIn: 2, fanOut: 3 },
    { fanIn: 3, fanOut: 1 },
  ],
  loss: (phi) => net(phi, TRAIN),
  testLoss: (phi) => net(phi, TEST),
});

/** A path of 5 recorded steps from a start, 2 particles recorded (the second must be ignored). */
function path5(seed: number): number[][][] {
  return Array.from({ length: 5 }, (_, k) =>
    [0, 1].map((p) =>
      Array.from({ length: D }, (_, d) => Math.sin(seed * 7 + d * 1.3 + p) * (1 - 0.15 * k) + 0.02 * k * d),
    ),
  );
}
const A = path5(1);
const B = path5(2);
B[0] = A[0]!; // both runs start together

async function writeRecording(sideFile = true): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgd-landscape-'));
  const bytes = Buffer.alloc(5 * 2 * D * 8);
  B.flat(2).forEach((v, i) => bytes.writeDoubleLE(v, 8 * i));
  await writeFile(path.join(dir, 'positions-1.f64'), bytes);
  const run = (name: string, pos: unknown, last: number[][]) => ({
    name,
    t: [0, 10, 20, 30, 40],
    lr: [0.1, 0.1, 0.1, 0.1, 0.1],
    examples: [0, 10, 20, 30, 40],
    tau: [0, 1, 2, 3, 4],
    loss: [1, 1, 1, 1, 1],
    positions: pos,
    final: { t: 40, positions: last, loss: 1 },
    diverged: null,
  });
  const recording = {
    format: 'sgd-lab/recording',
    version: 1,
    spec: {
      version: 1,
      seed: 1,
      steps: 40,
      loss: { expr: '', params: [], domain: [], model: { hidden: [3], activation: 'tanh', output: 'linear' } },
      runs: [{ name: 'SGD' }, { name: 'Adam' }],
    },
    backend: 'compiled',
    runs: [run('SGD', A, A[4]!), run('Adam', sideFile ? { file: 'positions-1.f64', shape: [5, 2, D] } : B, B[4]!)],
  };
  await writeFile(path.join(dir, 'recording.json'), JSON.stringify(recording));
  return path.join(dir, 'recording.json');
}

async function landscapeOf(file: string): Promise<Landscape> {
  return JSON.parse(await readFile(path.join(path.dirname(file), 'landscape.json'), 'utf8')) as Landscape;
}

const at = (l: Landscape, i: number, j: number) =>
  l.plane.center.map((c, d) => c + l.alpha[j]! * l.plane.d1[d]! + l.beta[i]! * l.plane.d2[d]!);

describe('sgd-lab landscape', () => {
  it('pca: the grid and the paths (one run from a side file) against the network written here', async () => {
    const file = await writeRecording();
    expect(await landscapeCommand([file, '--grid', '9'], testLoss)).toBe(0);
    const l = await landscapeOf(file);
    expect(l.format).toBe('sgd-lab/landscape');
    expect(l.plane.kind).toBe('pca');
    expect(l.plane.center).toEqual(A[4]![0]);
    expect(l.alpha.length).toBe(9);
    for (const [i, j] of [
      [0, 0],
      [3, 7],
      [8, 8],
      [4, 2],
    ] as const) {
      expect(l.loss[i]![j]).toBeCloseTo(net(at(l, i, j), TRAIN), 12);
      expect(l.testLoss![i]![j]).toBeCloseTo(net(at(l, i, j), TEST), 12);
    }
    expect(l.runs.map((r) => r.name)).toEqual(['SGD', 'Adam']);
    expect(l.runs[1]!.t).toEqual([0, 10, 20, 30, 40]);
    B.forEach((step, k) => {
      expect(l.runs[1]!.loss[k]).toBeCloseTo(net(step[0]!, TRAIN), 14);
      // the projection reproduces the recorded point up to its distance off the plane
      const p = l.plane.center.map(
        (c, d) => c + l.runs[1]!.alpha[k]! * l.plane.d1[d]! + l.runs[1]!.beta[k]! * l.plane.d2[d]!,
      );
      expect(Math.hypot(...p.map((x, d) => x - step[0]![d]!))).toBeCloseTo(l.runs[1]!.offPlane[k]!, 12);
    });
    expect(out).toMatch(/plane pca: D = 13, 9×9 grid/);
  });

  it('the side file and inline positions give the same landscape', async () => {
    const a = await writeRecording(true);
    const b = await writeRecording(false);
    expect(await landscapeCommand([a, '--grid', '5'], testLoss)).toBe(0);
    expect(await landscapeCommand([b, '--grid', '5'], testLoss)).toBe(0);
    expect(await landscapeOf(a)).toEqual(await landscapeOf(b));
  });

  it('points: run 0’s start and both finals lie on the plane', async () => {
    const file = await writeRecording();
    expect(await landscapeCommand([file, '--plane', 'points', '--grid', '5'], testLoss)).toBe(0);
    const l = await landscapeOf(file);
    expect(l.plane.center).toEqual(A[0]![0]);
    for (const k of [0, 4]) expect(l.runs[0]!.offPlane[k]).toBeLessThan(1e-12);
    expect(l.runs[1]!.offPlane[4]).toBeLessThan(1e-12);
    expect(l.runs[0]!.alpha[4]).toBeCloseTo(1, 12);
    expect(l.runs[0]!.beta[4]).toBeCloseTo(0, 12);
  });

  it('random: α, β ∈ [−S, S], directions filter-normalized per unit', async () => {
    const file = await writeRecording();
    expect(
      await landscapeCommand([file, '--plane', 'random', '--span', '0.5', '--seed', '3', '--grid', '3'], testLoss),
    ).toBe(0);
    const l = await landscapeOf(file);
    expect(l.alpha).toEqual([-0.5, 0, 0.5]);
    const c = l.plane.center;
    for (const d of [l.plane.d1, l.plane.d2]) {
      for (let k = 0; k < 3; k++) expect(Math.hypot(d[k]!, d[3 + k]!)).toBeCloseTo(Math.hypot(c[k]!, c[3 + k]!), 13);
      expect(Math.hypot(d[9]!, d[10]!, d[11]!)).toBeCloseTo(Math.hypot(c[9]!, c[10]!, c[11]!), 13);
      expect([d[6], d[7], d[8], d[12]]).toEqual([0, 0, 0, 0]);
    }
    expect(l.loss[2]![0]).toBeCloseTo(net(at(l, 2, 0), TRAIN), 12);
  });

  it('reads the model’s data as the recording names it (a CSV beside it) when no loss is given', async () => {
    const file = await writeRecording();
    const dir = path.dirname(file);
    await writeFile(path.join(dir, 'rows.csv'), `a,b,y\n${X.map((x, n) => `${x[0]},${x[1]},${Y[n]}`).join('\n')}\n`);
    const rec = JSON.parse(await readFile(file, 'utf8'));
    rec.spec.loss.data = { csv: 'rows.csv', inputs: ['a', 'b'], target: 'y', test: 2, standardize: false };
    await writeFile(file, JSON.stringify(rec));
    expect(await landscapeCommand([file, '--grid', '7'])).toBe(0);
    const l = await landscapeOf(file);
    for (const [i, j] of [
      [0, 6],
      [3, 3],
      [5, 1],
    ] as const) {
      expect(l.loss[i]![j]).toBeCloseTo(net(at(l, i, j), TRAIN), 12);
      expect(l.testLoss![i]![j]).toBeCloseTo(net(at(l, i, j), TEST), 12);
    }
    expect(l.runs[0]!.loss[2]).toBeCloseTo(net(A[2]![0]!, TRAIN), 13);
    // The data named but missing: exit 2, named as the recording names it.
    rec.spec.loss.data.csv = 'gone.csv';
    await writeFile(file, JSON.stringify(rec));
    expect(await landscapeCommand([file])).toBe(2);
    expect(err).toMatch(/the recording's data: .*gone\.csv/);
  });

  it('end to end: sgd-lab run on a model, then landscape on its recording (pca and points)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgd-landscape-run-'));
    await writeFile(path.join(dir, 'rows.csv'), `a,b,y\n${X.map((x, n) => `${x[0]},${x[1]},${Y[n]}`).join('\n')}\n`);
    const experiment = {
      version: 1,
      seed: 5,
      steps: 60,
      loss: {
        model: { hidden: [3], activation: 'tanh', output: 'linear' },
        data: { csv: 'rows.csv', inputs: ['a', 'b'], target: 'y', test: 2, standardize: false },
      },
      runs: [
        { name: 'SGD', optimizer: { type: 'sgd', lr: 0.2 } },
        { name: 'Adam', optimizer: { type: 'adam', lr: 0.05 } },
      ],
      record: { every: 5 },
    };
    await writeFile(path.join(dir, 'exp.lab.json'), JSON.stringify(experiment));
    expect(await runCommand([path.join(dir, 'exp.lab.json'), '--out', dir, '--threads', '1'])).toBe(0);
    const file = path.join(dir, 'recording.json');
    const rec = JSON.parse(await readFile(file, 'utf8')) as { runs: { positions: number[][][] }[] };
    const first = rec.runs.map((r) => r.positions.map((p) => p[0]!));
    expect(first[0]![0]!.length).toBe(D);

    expect(await landscapeCommand([file, '--grid', '7'])).toBe(0);
    const l = await landscapeOf(file);
    expect(l.plane.center).toEqual(first[0]!.at(-1));
    expect(l.loss[2]![5]).toBeCloseTo(net(at(l, 2, 5), TRAIN), 12);
    expect(l.testLoss![6]![0]).toBeCloseTo(net(at(l, 6, 0), TEST), 12);
    first.forEach((points, r) => points.forEach((p, k) => expect(l.runs[r]!.loss[k]).toBeCloseTo(net(p, TRAIN), 13)));
    // every recorded point lies within the grid's α, β ranges
    for (const r of l.runs) for (const a of r.alpha) expect(a > l.alpha[0]! && a < l.alpha.at(-1)!).toBe(true);

    expect(await landscapeCommand([file, '--plane', 'points', '--grid', '5'])).toBe(0);
    const p = await landscapeOf(file);
    expect(p.runs[0]!.offPlane[0]).toBeLessThan(1e-12);
    expect(p.runs[0]!.offPlane.at(-1)).toBeLessThan(1e-12);
    expect(p.runs[1]!.offPlane.at(-1)).toBeLessThan(1e-12);
  });

  it('refuses a loss of 2 parameters (exit 2): its surface is the loss', async () => {
    const file = await writeRecording();
    const rec = JSON.parse(await readFile(file, 'utf8'));
    rec.spec.loss = {
      expr: 'x^2 + y^2',
      params: ['x', 'y'],
      domain: [
        [-1, 1],
        [-1, 1],
      ],
    };
    await writeFile(file, JSON.stringify(rec));
    expect(await landscapeCommand([file], testLoss)).toBe(2);
    expect(err).toMatch(/2 parameters: its surface is the loss itself/);
    await expect(access(path.join(path.dirname(file), 'landscape.json'))).rejects.toThrow();
  });

  it('refuses bad options and a side file of the wrong size, by name', async () => {
    const file = await writeRecording();
    expect(await landscapeCommand(['--help'])).toBe(0);
    expect(out).toMatch(/^usage: sgd-lab landscape DIR\/recording\.json \[--plane pca\|random\|points\]/);
    expect(await landscapeCommand([file, '--grid', '402'], testLoss)).toBe(2);
    expect(err).toMatch(/--grid must be a whole number from 2 to 401/);
    expect(await landscapeCommand([file, '--plane', 'pcb'], testLoss)).toBe(2);
    expect(await landscapeCommand([file, '--span', '2'], testLoss)).toBe(2);
    expect(err).toMatch(/--span and --seed belong to --plane random/);
    await writeFile(path.join(path.dirname(file), 'positions-1.f64'), Buffer.alloc(8 * D));
    err = '';
    expect(await landscapeCommand([file], testLoss)).toBe(2);
    expect(err).toMatch(/runs\[1\]\.positions\.file \(positions-1\.f64\): holds 104 bytes/);
    expect(err).not.toContain(path.join(path.dirname(file), 'positions-1.f64'));
  });
});
