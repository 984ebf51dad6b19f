import { describe, expect, it } from 'vitest';
import type { Recording } from '../../shared/experiment/recording';
import { analyzeRecording, findMinimum } from '../../shared/theory/analysis';
import { lossModel } from '../../shared/theory/loss-model';
import { stationaryResidual } from '../../shared/theory/stationary';
import { experimentOf, runRecording } from './theory-fixtures';

const NO_DATA = { vars: [], columns: [], n: 0 };
const cloud = [
  [1, 2],
  [3, 4],
  [2, 0],
  [null, null],
];
const T = [0, 10, 20, 30, 40];

describe('analyze: measured moments, exactly', () => {
  const spec = experimentOf({
    seed: 1,
    steps: 40,
    loss: { expr: 'x^2 + 0.5 * y^2 + 0.5 * x * y' },
    runs: [
      {
        name: 'big',
        optimizer: { type: 'sgd', lr: 0.1 },
        gradient: {
          kind: 'gaussian',
          batch: 2,
          cov: [
            [1, 0.2],
            [0.2, 0.5],
          ],
        },
      },
      {
        name: 'half',
        optimizer: { type: 'sgd', lr: 0.05 },
        gradient: {
          kind: 'gaussian',
          batch: 2,
          cov: [
            [1, 0.2],
            [0.2, 0.5],
          ],
        },
      },
      {
        name: 'other B',
        optimizer: { type: 'sgd', lr: 0.025 },
        gradient: {
          kind: 'gaussian',
          batch: 4,
          cov: [
            [1, 0.2],
            [0.2, 0.5],
          ],
        },
      },
      { name: 'momentum', optimizer: { type: 'momentum', lr: 0.1, N: 4 } },
      {
        name: 'langevin',
        optimizer: { type: 'sgd', lr: 0.2 },
        dynamics: { type: 'langevin', substeps: 4 },
        gradient: {
          kind: 'gaussian',
          batch: 1,
          cov: [
            [1, 0],
            [0, 1],
          ],
        },
      },
      { name: 'decaying', optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'inverse-time', tau: 10 } },
    ],
  });
  const recording: Recording = {
    format: 'sgd-lab/recording',
    version: 1,
    spec,
    backend: 'cpu',
    runs: [
      runRecording('big', T, [9, 5, 1, 2, 3], cloud),
      runRecording('half', T, [9, 5, 0.5, 1.5, 1], cloud),
      runRecording('other B', T, [9, 5, 0.5, 1.5, 1], cloud),
      runRecording('momentum', T, [9, 5, 1, 2, 3], cloud),
      runRecording(
        'langevin',
        T,
        [9, 5, 1, 2, 3],
        cloud,
        T.map(() => 0.2),
      ),
      runRecording('decaying', T, [9, 5, 1, 2, 3], cloud, [0.1, 0.05, 0.033, 0.025, 0.02]),
    ],
  };
  const a = analyzeRecording(recording, NO_DATA, { burnIn: 20 });

  it('format, names, η, B, burn-in', () => {
    expect(a.format).toBe('sgd-lab/analysis');
    expect(a.version).toBe(1);
    expect(a.runs.map((r) => r.name)).toEqual(['big', 'half', 'other B', 'momentum', 'langevin', 'decaying']);
    expect(a.runs.map((r) => r.eta)).toEqual([0.1, 0.05, 0.025, 0.1, 0.2, 0.1]);
    expect(a.runs.map((r) => r.batch)).toEqual([2, 2, 4, 1, 1, 1]);
    expect(a.runs.every((r) => r.burnIn === 20)).toBe(true);
  });

  it('mean and covariance (divisor P − 1) of the live particles of the final cloud', () => {
    // Live points (1,2), (3,4), (2,0): mean (2,2); deviations x (−1,1,0), y (0,2,−2).
    expect(a.runs[0]!.mean).toEqual([2, 2]);
    expect(a.runs[0]!.cov).toEqual([
      [1, 1],
      [1, 4],
    ]);
  });

  it('L(η): mean over the recorded steps t ≥ burn-in, stderr by batch means (2 batches of 1, the first step left out)', () => {
    // big: steps 1, 2, 3 → batches 2, 3: sd² = 0.5, stderr √(0.5/2). half: 0.5, 1.5, 1 → 1.5, 1: sd² 0.125.
    expect(a.runs[0]!.L.value).toBe(2);
    expect(a.runs[0]!.L.stderr).toBeCloseTo(0.5, 15);
    expect(a.runs[1]!.L.value).toBe(1);
    expect(a.runs[1]!.L.stderr).toBeCloseTo(0.25, 15);
  });

  it('Richardson only on the run with twice the η of an otherwise equal run', () => {
    expect(a.runs[0]!.richardson).toBe(2 * 1 - 2);
    expect(a.runs.slice(1).map((r) => r.richardson)).toEqual([null, null, null, null, null]);
  });

  it('theory: H by hand, Σ = cov/B, C solving the equation, Φ* = 0 found from the mean', () => {
    const th = a.runs[0]!.theory!;
    expect(th.at[0]).toBeCloseTo(0, 12);
    expect(th.at[1]).toBeCloseTo(0, 12);
    expect(th.H).toEqual([
      [2, 0.5],
      [0.5, 1],
    ]);
    expect(th.Sigma).toEqual([
      [0.5, 0.1],
      [0.1, 0.25],
    ]);
    const res = stationaryResidual(th.H!, th.C!, th.Sigma!, 0.1);
    expect(Math.max(...res.flat().map(Math.abs))).toBeLessThan(1e-15);
    expect(th.excess).toBeCloseTo(0.5 * (2 * th.C![0]![0]! + 2 * 0.5 * th.C![0]![1]! + th.C![1]![1]!), 15);
    expect(th.Lstar).toBeCloseTo(0, 20);
  });

  it('Langevin with K substeps: H C + C H − (η/K) H C H = η Σ', () => {
    const th = a.runs[4]!.theory!;
    const res = stationaryResidual(th.H!, th.C!, th.Sigma!, 0.2, 0.2 / 4);
    expect(Math.max(...res.flat().map(Math.abs))).toBeLessThan(1e-15);
    expect(Math.max(...stationaryResidual(th.H!, th.C!, th.Sigma!, 0.2).flat().map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('no theory for momentum steps or a decaying η', () => {
    expect(a.runs[3]!.theory).toBeNull();
    expect(a.runs[5]!.theory).toBeNull();
  });

  it('--at is used as given', () => {
    const b = analyzeRecording(recording, NO_DATA, { burnIn: 20, at: [1, 0] });
    expect(b.runs[0]!.theory!.at).toEqual([1, 0]);
    expect(b.runs[0]!.theory!.Lstar).toBe(1);
  });

  it('default burn-in: half the steps', () => {
    expect(analyzeRecording(recording, NO_DATA).runs[0]!.burnIn).toBe(20);
  });
});

describe('analyze: a data loss, Σ from the per-example gradients (divisor n) ÷ B', () => {
  it('quadratic-1d on four examples u = 0, 1, 2, 5: Φ* = mean u, H = 1, Σ = var u / B', () => {
    const spec = experimentOf({
      steps: 40,
      loss: { preset: 'quadratic-1d' },
      runs: [{ optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'minibatch', batch: 2 } }],
    });
    const recording: Recording = {
      format: 'sgd-lab/recording',
      version: 1,
      spec,
      backend: 'cpu',
      runs: [
        runRecording(
          'sgd 1',
          T,
          [2, 2, 2, 2, 2],
          [[1.5], [2.5]],
          T.map(() => 0.5),
        ),
      ],
    };
    const examples = { vars: ['u'], columns: [new Float32Array([0, 1, 2, 5])], n: 4 };
    const th = analyzeRecording(recording, examples).runs[0]!.theory!;
    // The preset's nominal minimum 1, polished on these examples to their mean 2.
    expect(th.at[0]).toBeCloseTo(2, 14);
    expect(th.H).toEqual([[1]]);
    // Per-example gradients x − u at 2: (2, 1, 0, −3), variance (4 + 1 + 0 + 9)/4 = 3.5, ÷ B = 1.75.
    expect(th.Sigma![0]![0]).toBeCloseTo(1.75, 14);
    expect(th.C![0]![0]).toBeCloseTo((0.5 * 1.75) / (2 - 0.5), 14);
    expect(th.Lstar).toBeCloseTo(0.5 * 3.5, 14);
    expect(th.excess).toBeCloseTo(0.5 * th.C![0]![0]!, 15);
  });
});

describe('the minimum Φ*', () => {
  const model = (expr: string) => lossModel({ expr, params: ['x', 'y'] }, NO_DATA);

  it('Rosenbrock minimized from a point in the valley: (1, 1)', () => {
    const spec = experimentOf({
      steps: 10,
      loss: { expr: '(1 - x)^2 + 100 * (y - x^2)^2' },
      runs: [{ optimizer: { type: 'sgd' } }],
    });
    const at = findMinimum(model(spec.loss.expr), spec, [0.6, 0.3])!;
    expect(at[0]).toBeCloseTo(1, 10);
    expect(at[1]).toBeCloseTo(1, 10);
  });

  it("a preset's minimum nearest the cloud (Himmelblau has four), polished to a zero gradient", () => {
    const spec = experimentOf({ steps: 10, loss: { preset: 'himmelblau' }, runs: [{ optimizer: { type: 'sgd' } }] });
    const m = model(spec.loss.expr);
    const at = findMinimum(m, spec, [-3.5, -3])!;
    expect(at[0]).toBeCloseTo(-3.77931, 5);
    expect(at[1]).toBeCloseTo(-3.283186, 5);
    expect(Math.hypot(...m.gradient(at))).toBeLessThan(1e-10);
  });

  it('no minimum from a cloud that diverged (no finite mean) without a preset', () => {
    const spec = experimentOf({ steps: 10, loss: { expr: 'x^2 + y^2' }, runs: [{ optimizer: { type: 'sgd' } }] });
    expect(findMinimum(model(spec.loss.expr), spec, [NaN, NaN])).toBeNull();
  });
});
