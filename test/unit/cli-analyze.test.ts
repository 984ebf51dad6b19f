import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyzeCommand } from '../../src-main/cli/analyze';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { analyzeRecording } from '../../shared/theory/analysis';
import type { Recording } from '../../shared/experiment/recording';
import { experimentOf, runRecording } from './theory-fixtures';

let out = '';
let err = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const T = [0, 100, 200, 300];

async function writeRecording(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgd-analyze-'));
  const spec = experimentOf({
    seed: 3,
    steps: 300,
    loss: { expr: '0.5 * x^2 + y^2' },
    runs: [
      {
        name: 'η',
        optimizer: { type: 'sgd', lr: 0.2 },
        gradient: {
          kind: 'gaussian',
          batch: 1,
          cov: [
            [1, 0],
            [0, 1],
          ],
        },
      },
      {
        name: 'η/2',
        optimizer: { type: 'sgd', lr: 0.1 },
        gradient: {
          kind: 'gaussian',
          batch: 1,
          cov: [
            [1, 0],
            [0, 1],
          ],
        },
      },
      { name: 'one', optimizer: { type: 'sgd', lr: 0.1 } },
    ],
  });
  const cloud = [
    [0.5, -0.5],
    [-0.5, 0.5],
  ];
  const recording: Recording = {
    format: 'sgd-lab/recording',
    version: 1,
    spec,
    backend: 'cpu',
    runs: [
      runRecording(
        'η',
        T,
        [1, 0.3, 0.2, 0.4],
        cloud,
        T.map(() => 0.2),
      ),
      runRecording('η/2', T, [1, 0.2, 0.1, 0.15], cloud),
      runRecording('one', T, [1, 0.2, 0.1, 0.15], [[0.1, 0.1]]),
    ],
  };
  const file = path.join(dir, 'recording.json');
  await writeFile(file, JSON.stringify(recording));
  return file;
}

describe('sgd-lab analyze', () => {
  it('writes DIR/analysis.json in the SPEC §11 format and prints the table', async () => {
    const file = await writeRecording();
    expect(await analyzeCommand([file, '--burn-in', '100'])).toBe(0);
    const a = JSON.parse(await readFile(path.join(path.dirname(file), 'analysis.json'), 'utf8'));
    expect(Object.keys(a)).toEqual(['format', 'version', 'runs']);
    expect(a.format).toBe('sgd-lab/analysis');
    expect(Object.keys(a.runs[0])).toEqual([
      'name',
      'eta',
      'batch',
      'burnIn',
      'mean',
      'cov',
      'L',
      'theory',
      'richardson',
    ]);
    expect(Object.keys(a.runs[0].theory)).toEqual(['at', 'H', 'Sigma', 'C', 'excess', 'Lstar']);
    expect(a.runs[0].mean).toEqual([0, 0]);
    expect(a.runs[0].cov).toEqual([
      [0.5, -0.5],
      [-0.5, 0.5],
    ]);
    expect(a.runs[0].L.value).toBeCloseTo(0.3, 15);
    expect(a.runs[0].richardson).toBeCloseTo(2 * 0.15 - 0.3, 15);
    // 1-D closed form per coordinate: C = ηΣ/(2H − ηH²), H = diag(1, 2).
    expect(a.runs[0].theory.C[0][0]).toBeCloseTo(0.2 / (2 - 0.2), 14);
    expect(a.runs[0].theory.C[1][1]).toBeCloseTo(0.2 / (4 - 0.8), 14);
    // One particle: no covariance (null in JSON), and no noise: C = 0.
    expect(a.runs[2].cov).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(a.runs[2].theory.C).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(out).toContain('L(η)');
    expect(out).toMatch(/η\/2 +0\.1 +1 +100 +0\.15/);
    expect(out).toContain('analysis.json');
  });

  it('--at, and its length checked against the parameters', async () => {
    const file = await writeRecording();
    expect(await analyzeCommand([file, '--at', '1,0'])).toBe(0);
    const a = JSON.parse(await readFile(path.join(path.dirname(file), 'analysis.json'), 'utf8'));
    expect(a.runs[0].theory.at).toEqual([1, 0]);
    expect(a.runs[0].theory.Lstar).toBe(0.5);
    expect(a.runs[0].burnIn).toBe(150);
    expect(await analyzeCommand([file, '--at', '1'])).toBe(2);
    expect(err).toContain('--at needs 2 numbers');
  });

  it('usage and bad files: exit 2 with one line, no stack', async () => {
    expect(await analyzeCommand([])).toBe(2);
    expect(await analyzeCommand(['x.json', '--burn-in', '-3'])).toBe(2);
    expect(await analyzeCommand(['x.json', '--bogus'])).toBe(2);
    const dir = await mkdtemp(path.join(tmpdir(), 'sgd-analyze-'));
    await writeFile(path.join(dir, 'r.json'), '{"format": "other"}');
    expect(await analyzeCommand([path.join(dir, 'r.json')])).toBe(2);
    expect(err).toContain('not a recording');
    expect(err).not.toContain('    at ');
  });
});

describe('analyze on a real run', () => {
  it('SGD in a 2-D basin with Σ not ∝ H: L(η) within its error of L(Φ*) + ½ tr(HC), the cloud near C', async () => {
    const spec = experimentOf({
      seed: 11,
      steps: 1200,
      loss: { expr: '0.5 * (1.2 * x^2 + 0.6 * x * y + 0.5 * y^2)' },
      runs: [
        {
          optimizer: { type: 'sgd', lr: 0.2 },
          gradient: {
            kind: 'gaussian',
            batch: 2,
            cov: [
              [1, 0.3],
              [0.3, 0.4],
            ],
          },
          start: [0, 0],
          particles: 2000,
        },
      ],
      record: { every: 20, particles: 1 },
    });
    const recording = await runExperiment(spec, { baseDir: '.' });
    const [run] = analyzeRecording(recording, { vars: [], columns: [], n: 0 }, { burnIn: 200 }).runs;
    const th = run!.theory!;
    expect(th.at).toEqual([0, 0]);
    const predicted = th.Lstar + th.excess;
    expect(Math.abs(run!.L.value - predicted)).toBeLessThan(4 * run!.L.stderr + 0.002 * predicted);
    // Sample covariance of 2000 particles: relative error ≈ √(2/2000) ≈ 3 %.
    for (let i = 0; i < 2; i++) expect(Math.abs(run!.cov![i]![i]! / th.C![i]![i]! - 1)).toBeLessThan(0.12);
  });
});
