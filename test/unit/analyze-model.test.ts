/**
 * `sgd-lab analyze` on networks (SPEC §11, §13), end to end: `sgd-lab run` writes the recording, then
 * analyze. A linear model's loss is quadratic, so Φ*, H = X̃ᵀX̃/n (X̃ with the bias column) and Σ are
 * computed here by hand and C must solve H C + C H − η H C H = η Σ; a network with D > 64 gives H's
 * top eigenvalues, the largest checked against the engine's power iteration (sharpness); D > 2,000 is
 * refused (exit 2).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyzeCommand } from '../../src-main/cli/analyze';
import { runCommand } from '../../src-main/cli/run';
import { sharpness } from '../../src-main/engine/model/hessian';
import { Mlp } from '../../src-main/engine/model/mlp';

let err = '';
beforeEach(() => {
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

interface Theory {
  at: number[];
  H: number[][] | null;
  Sigma: number[][] | null;
  C: number[][] | null;
  excess: number;
  Lstar: number;
  eig?: number[];
}
interface Out {
  runs: { cov: number[][] | null; L: { value: number; stderr: number }; theory: Theory | null }[];
}

async function runAndAnalyze(spec: object, files: Record<string, string> = {}): Promise<{ dir: string; a: Out }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgd-analyze-model-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  await writeFile(path.join(dir, 'exp.lab.json'), JSON.stringify(spec));
  expect(await runCommand([path.join(dir, 'exp.lab.json'), '--out', dir, '--threads', '1'])).toBe(0);
  const code = await analyzeCommand([path.join(dir, 'recording.json')]);
  expect(err).toBe('');
  expect(code).toBe(0);
  return { dir, a: JSON.parse(await readFile(path.join(dir, 'analysis.json'), 'utf8')) as Out };
}

const mul = (A: number[][], B: number[][]) =>
  A.map((r) => B[0]!.map((_, j) => r.reduce((s, v, k) => s + v * B[k]![j]!, 0)));

/** Solves A x = b (Gauss–Jordan with partial pivoting) for the test's own references. */
function solve3(A: number[][], b: number[]): number[] {
  const M = A.map((r, i) => [...r, b[i]!]);
  const n = b.length;
  for (let c = 0; c < n; c++) {
    const p = M.reduce((best, _, r) => (r >= c && Math.abs(M[r]![c]!) > Math.abs(M[best]![c]!) ? r : best), c);
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((r, i) => r[n]! / r[i]!);
}

/** A recording of one run of `loss` with one recorded step and no positions (what the refusals read). */
const stubRecording = (loss: object) => ({
  format: 'sgd-lab/recording',
  version: 1,
  backend: 'cpu',
  spec: { seed: 1, steps: 1, loss, runs: [{ name: 'r' }] },
  runs: [
    {
      name: 'r',
      t: [0],
      lr: [0.1],
      examples: [0],
      tau: [0],
      loss: [1],
      positions: [[]],
      final: { t: 0, positions: [], loss: 1 },
      diverged: null,
    },
  ],
});

describe('sgd-lab analyze on a linear model (quadratic loss)', () => {
  // y = 0.7 a − 0.4 b + 0.2 + a wobble: the least squares fit leaves residuals, so Σ ≠ 0.
  const rows = Array.from({ length: 12 }, (_, i) => {
    const a = Math.sin(1.3 * i);
    const b = Math.cos(0.7 * i + 0.4);
    return [a, b, 0.7 * a - 0.4 * b + 0.2 + 0.3 * Math.sin(5.1 * i)];
  });
  const csv = `a,b,y\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  const eta = 0.2;
  const B = 2;
  const spec = {
    seed: 3,
    steps: 400,
    loss: {
      model: { hidden: [], activation: 'tanh', output: 'linear' },
      data: { csv: 'rows.csv', inputs: ['a', 'b'], target: 'y', test: 0, standardize: false },
    },
    runs: [
      { name: 'SGD', optimizer: { type: 'sgd', lr: eta }, gradient: { kind: 'minibatch', batch: B }, particles: 50 },
    ],
    record: { every: 10, particles: 2 },
  };

  it('Φ* the least squares fit, H = X̃ᵀX̃/n, Σ by hand, C solving H C + C H − η H C H = η Σ', async () => {
    const { a } = await runAndAnalyze(spec, { 'rows.csv': csv });
    const th = a.runs[0]!.theory!;
    const n = rows.length;
    const X = rows.map((r) => [r[0]!, r[1]!, 1]); // Φ = [W[0][0], W[1][0], b]
    const y = rows.map((r) => r[2]!);
    const H = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, x) => s + x[i]! * x[j]!, 0) / n));
    const star = solve3(
      H,
      [0, 1, 2].map((i) => X.reduce((s, x, k) => s + x[i]! * y[k]!, 0) / n),
    );
    th.at.forEach((v, i) => expect(v).toBeCloseTo(star[i]!, 9));
    H.forEach((r, i) => r.forEach((v, j) => expect(th.H![i]![j]).toBeCloseTo(v, 12)));
    const g = X.map((x, k) => {
      const r = x.reduce((s, v, i) => s + v * star[i]!, 0) - y[k]!;
      return x.map((v) => v * r);
    });
    const gm = [0, 1, 2].map((i) => g.reduce((s, gi) => s + gi[i]!, 0) / n);
    const Sigma = [0, 1, 2].map((i) =>
      [0, 1, 2].map((j) => g.reduce((s, gi) => s + (gi[i]! - gm[i]!) * (gi[j]! - gm[j]!), 0) / n / B),
    );
    Sigma.forEach((r, i) => r.forEach((v, j) => expect(th.Sigma![i]![j]).toBeCloseTo(v, 12)));
    const C = th.C!;
    const HC = mul(H, C);
    const res = HC.map((r, i) =>
      r.map((v, j) => v + mul(C, H)[i]![j]! - eta * mul(HC, H)[i]![j]! - eta * Sigma[i]![j]!),
    );
    expect(Math.max(...res.flat().map(Math.abs))).toBeLessThan(1e-13);
    expect(th.excess).toBeCloseTo(0.5 * [0, 1, 2].reduce((s, i) => s + HC[i]![i]!, 0), 13);
    const Lstar = y.reduce((s, v, k) => s + 0.5 * (X[k]!.reduce((t, x, i) => t + x * star[i]!, 0) - v) ** 2, 0) / n;
    expect(th.Lstar).toBeCloseTo(Lstar, 12);
    expect(a.runs[0]!.cov).not.toBeNull();
  });
});

describe('sgd-lab analyze on a small tanh network (D = 5)', () => {
  // y = 1.2 tanh(a − 0.8 b + 0.1) + 0.3 + a wobble; the student 2-1-1 tanh net starts at the teacher.
  const rows = Array.from({ length: 80 }, (_, i) => {
    const a = 1.5 * Math.sin(1.7 * i + 0.3);
    const b = 1.5 * Math.cos(1.1 * i);
    return [a, b, 1.2 * Math.tanh(a - 0.8 * b + 0.1) + 0.3 + 0.3 * Math.sin(7.3 * i)];
  });
  const csv = `a,b,y\n${rows.map((r) => r.join(',')).join('\n')}\n`;

  it('the stationary excess of 400 SGD networks (B = 1, η = 0.02) matches ½ tr(HC) to O(η)', async () => {
    const spec = {
      seed: 5,
      steps: 8000,
      loss: {
        model: { hidden: [1], activation: 'tanh', output: 'linear' },
        data: { csv: 'rows.csv', inputs: ['a', 'b'], target: 'y', test: 0, standardize: false },
      },
      runs: [
        {
          name: 'SGD',
          optimizer: { type: 'sgd', lr: 0.02 },
          gradient: { kind: 'minibatch', batch: 1 },
          particles: 400,
          spread: 0,
          start: [1, -0.8, 0.1, 1.2, 0.3],
        },
      ],
      record: { every: 40, particles: 1 },
    };
    const { a } = await runAndAnalyze(spec, { 'rows.csv': csv });
    const run = a.runs[0]!;
    const th = run.theory!;
    // Φ* is a minimum: positive curvature along every coordinate.
    th.H!.forEach((r, i) => expect(r[i]).toBeGreaterThan(0));
    const measured = run.L.value - th.Lstar;
    // The quadratic theory is first order in η: here the anharmonic correction is ~3 % of the excess.
    expect(th.excess).toBeGreaterThan(5e-4);
    expect(Math.abs(measured - th.excess)).toBeLessThan(4 * run.L.stderr + 0.05 * th.excess);
    // And C, from the eigenbasis, solves the equation with the H and Σ written out.
    const H = th.H!;
    const C = th.C!;
    const HC = mul(H, C);
    const res = HC.map((r, i) =>
      r.map((v, j) => v + mul(C, H)[i]![j]! - 0.02 * mul(HC, H)[i]![j]! - 0.02 * th.Sigma![i]![j]!),
    );
    expect(Math.max(...res.flat().map(Math.abs))).toBeLessThan(1e-10 * Math.max(...th.Sigma!.flat().map(Math.abs)));
  }, 60_000);
});

describe('sgd-lab analyze with D > 64', () => {
  it('gives no H, Σ, C or cov but H’s 10 largest eigenvalues; the largest matches power iteration', async () => {
    // A linear model on 70 inputs (D = 71): H = X̃ᵀX̃/n, Σ = σ²I/B, so ½ tr(HC) = ½ Σ_i ησ²/B / (2 − ηλ_i).
    const K = 70;
    const n = 120;
    const X = Array.from({ length: n }, (_, i) =>
      Array.from({ length: K }, (_, k) => Math.sin(0.37 * i * (k + 1) + k)),
    );
    const y = X.map((x, i) => x.reduce((s, v, k) => s + v * Math.cos(k), 0) + 0.1 * Math.sin(3.3 * i));
    const names = Array.from({ length: K }, (_, k) => `x${k}`);
    const csv = `${names.join(',')},y\n${X.map((x, i) => [...x, y[i]].join(',')).join('\n')}\n`;
    const eta = 0.01;
    const sigma2 = 0.04;
    const B = 2;
    const spec = {
      seed: 1,
      steps: 20,
      loss: {
        model: { hidden: [], activation: 'tanh', output: 'linear' },
        data: { csv: 'rows.csv', inputs: names, target: 'y', test: 0, standardize: false },
      },
      runs: [
        {
          name: 'noisy GD',
          optimizer: { type: 'sgd', lr: eta },
          gradient: { kind: 'gaussian', cov: sigma2, batch: B },
          particles: 3,
        },
      ],
      record: { every: 10, particles: 1 },
    };
    const { dir, a } = await runAndAnalyze(spec, { 'rows.csv': csv });
    const run = a.runs[0]!;
    const th = run.theory!;
    expect(run.cov).toBeNull();
    expect([th.H, th.Sigma, th.C]).toEqual([null, null, null]);
    expect(th.at.length).toBe(K + 1);
    expect(th.eig!.length).toBe(10);
    for (let i = 1; i < 10; i++) expect(th.eig![i]).toBeLessThanOrEqual(th.eig![i - 1]!);
    // The largest eigenvalue by the engine's power iteration on Hessian-vector products.
    const { modelData } = await import('../../src-main/data/load-model-data');
    const data = await modelData(spec as never, dir);
    const net = new Mlp(spec.loss.model as never, K, 1);
    const top = sharpness(net, Float64Array.from(th.at), 0, data.train, { tol: 1e-8, maxProducts: 20000 }).value;
    expect(Math.abs(th.eig![0]! - top)).toBeLessThan(1e-6 * top);
    // ½ Σ_i ησ²/B / (2 − ηλ_i) = (ησ²/2B) tr((2I − ηH)⁻¹), H = X̃ᵀX̃/n, by the test's own Gauss–Jordan.
    const Xt = X.map((x) => [...x, 1]);
    const M = Array.from({ length: K + 1 }, (_, i) =>
      Array.from(
        { length: K + 1 },
        (_, j) => (i === j ? 2 : 0) - (eta * Xt.reduce((s, x) => s + x[i]! * x[j]!, 0)) / n,
      ),
    );
    let trInv = 0;
    for (let i = 0; i <= K; i++)
      trInv += solve3(
        M,
        M.map((_, k) => (k === i ? 1 : 0)),
      )[i]!;
    expect(th.excess).toBeCloseTo(((eta * sigma2) / (2 * B)) * trInv, 12);
  }, 60_000);

  it('refuses a network past D = 2,000 (exit 2, by place)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgd-analyze-big-'));
    const rec = stubRecording({
      model: { hidden: [64, 64], activation: 'tanh', output: 'logistic' },
      data: { dataset: 'two-moons', n: 10, noise: 0.1, test: 0, standardize: false },
    });
    await writeFile(path.join(dir, 'recording.json'), JSON.stringify(rec));
    expect(await analyzeCommand([path.join(dir, 'recording.json')])).toBe(2);
    expect(err).toMatch(/loss\.model: the network has D = 4417 weights; analyze takes at most 2000/);
  });

  it('refuses a network whose CSV is gone (exit 2, the CSV named)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgd-analyze-gone-'));
    const rec = stubRecording({
      model: { hidden: [], activation: 'tanh', output: 'linear' },
      data: { csv: 'gone.csv', inputs: ['a'], target: 'y', test: 0, standardize: false },
    });
    await writeFile(path.join(dir, 'recording.json'), JSON.stringify(rec));
    expect(await analyzeCommand([path.join(dir, 'recording.json')])).toBe(2);
    expect(err).toMatch(/the recording's data: .*gone\.csv/);
  });
});
