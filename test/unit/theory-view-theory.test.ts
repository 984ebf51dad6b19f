/** The Theory gallery's predictions: the moment recursion, the experiments' theory and the presets themselves. */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../shared/data/generate';
import { GALLERY } from '../../shared/theory/gallery';
import {
  boltzmannCovariance,
  boltzmannDensity1d,
  experimentTheory,
  momentRecursion,
  runExcessCurve,
} from '../../shared/theory/gallery-theory';
import { validateExperiment } from '../../shared/experiment/validate';
import type { Experiment } from '../../shared/experiment/experiment';

function normalized(input: unknown): Experiment {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.experiment;
}

describe('moment recursion of SGD in a quadratic basin', () => {
  it('1-D constant η: the closed form of C_t and the mean, and the stationary ηΣ/(2H − ηH²)', () => {
    const [H, S, eta, m0, c0] = [2, 0.5, 0.3, 1.5, 0.2];
    const a = 1 - eta * H;
    const curve = momentRecursion([[H]], [[S]], [m0], [[c0]], () => eta, 50, 1);
    curve.t.forEach((t, k) => {
      const C = a ** (2 * t) * c0 + (eta * eta * S * (1 - a ** (2 * t))) / (1 - a * a);
      const m = a ** t * m0;
      expect(curve.excess[k]).toBeCloseTo((H * (C + m * m)) / 2, 12);
    });
    expect(curve.excess.at(-1)).toBeCloseTo((H * ((eta * S) / (2 * H - eta * H * H))) / 2, 10);
  });

  it('diagonal 2-D: each coordinate on its own; the schedule is called with t = 1, 2, …', () => {
    const seen: number[] = [];
    const curve = momentRecursion(
      [
        [1, 0],
        [0, 4],
      ],
      [
        [0, 0],
        [0, 0],
      ],
      [1, 1],
      [
        [0, 0],
        [0, 0],
      ],
      (t) => {
        seen.push(t);
        return 0.1;
      },
      3,
      3,
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(curve.t).toEqual([0, 3]);
    expect(curve.excess[1]).toBeCloseTo((0.9 ** 6 + 4 * 0.6 ** 6) / 2, 14);
  });
});

describe('theory of a gallery experiment', () => {
  it('quadratic-1d: Φ* the mean of u, H = 1, Σ the variance of u (divisor n) over B', () => {
    const exp = normalized({
      version: 1,
      seed: 13,
      steps: 10,
      loss: { preset: 'quadratic-1d' },
      runs: [
        { optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'minibatch', batch: 4 }, start: [3] },
        { optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'minibatch', batch: 4 }, batchScaling: { from: 1 } },
      ],
    });
    const u = Array.from(generateData({ u: { normal: [1, 1] } }, 1000, 13).columns[0]!);
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    const variance = u.reduce((s, v) => s + (v - mean) ** 2, 0) / u.length;
    const th = experimentTheory(exp)!;
    expect(th.at[0]).toBeCloseTo(mean, 10);
    expect(th.H[0]![0]).toBeCloseTo(1, 12);
    expect(th.exampleCov[0]![0]).toBeCloseTo(variance, 10);
    expect(th.Lstar).toBeCloseTo(variance / 2, 10);
    const [plain, scaled] = th.runs;
    expect(plain!.Sigma[0]![0]).toBeCloseTo(variance / 4, 10);
    expect(plain!.C![0]![0]).toBeCloseTo((0.5 * variance) / 4 / (2 - 0.5), 10);
    expect(plain!.slope).toBeCloseTo(variance / 16, 10);
    // η_B = (B/B₀) η = 2 for the scaled run: ηH = 2 has no stationary state.
    expect(scaled!.eta).toBe(2);
    expect(scaled!.C).toBeNull();
    // From the start at 3: the excess at t = 0 is ½ (3 − Φ*)².
    expect(runExcessCurve(exp, th, 0, 5)!.excess[0]).toBeCloseTo((3 - mean) ** 2 / 2, 10);
  });

  it('Boltzmann covariance T H⁻¹: the cloud itself in 1-D; in 2-D only when Σ ∝ H and η → 0', () => {
    const one = boltzmannCovariance([[2]], [[0.3]]);
    expect(one.cov[0]![0]).toBeCloseTo(0.3, 14);
    const H = [
      [1, 0],
      [0, 0.1],
    ];
    const proportional = [
      [1e-9 * 0.5, 0],
      [0, 1e-9 * 5],
    ]; // C = ηΣ/2H with Σ = H: ½ η H⁻¹
    const b = boltzmannCovariance(H, proportional);
    expect(b.T).toBeCloseTo(0.5e-9, 20);
    expect(b.cov[1]![1]! / proportional[1]![1]!).toBeCloseTo(1, 12);
    const skew = boltzmannCovariance(H, [
      [3e-9, 0],
      [0, 0.5e-9],
    ]); // Σ = diag(6, 0.1): stretched along x, Boltzmann along y
    expect(skew.cov[1]![1]! > skew.cov[0]![0]!).toBe(true);
  });
});

describe('the gallery presets', () => {
  it('every experiment is valid, titled, and its runs fit the view', () => {
    for (const entry of GALLERY) {
      const exp = normalized(entry.experiment);
      expect(exp.title).toBe(entry.experiment.title);
      expect(entry.equation.length).toBeGreaterThan(10);
      if (entry.view === 'temperature') {
        const etas = exp.runs.map((r) => r.optimizer.lr);
        expect(new Set(etas).size).toBe(8);
        expect(exp.runs.every((r) => r.schedule.type === 'constant')).toBe(true);
      }
      if (entry.view === 'stationary' || entry.view === 'temperature') {
        const th = experimentTheory(exp)!;
        // A quadratic-basin prediction needs C; a Boltzmann one needs constant Gaussian noise in 1-D.
        if (entry.density === 'boltzmann')
          expect(exp.runs.every((r) => r.gradient.kind === 'gaussian' && r.dynamics.type === 'langevin')).toBe(true);
        else expect(th.runs.every((r) => r.C !== null)).toBe(true);
      }
    }
  });

  it('2-D stationary preset: Σ is not ∝ H, so the Boltzmann ellipse points the other way', () => {
    const entry = GALLERY.find((e) => e.id === 'stationary-2d')!;
    const th = experimentTheory(normalized(entry.experiment))!;
    const C = th.runs[0]!.C!;
    const b = boltzmannCovariance(th.H, C).cov;
    expect(C[0]![0]! > C[1]![1]!).toBe(true);
    expect(b[1]![1]! > 3 * b[0]![0]!).toBe(true);
  });
});

describe('the 1-D Boltzmann density', () => {
  it('of a quadratic ½Hx² at temperature T is the Gaussian of variance T/H', () => {
    const [H, T] = [4, 0.3];
    const b = boltzmannDensity1d((x) => 0.5 * H * x * x, T, -3, 3, 600);
    expect(b.mean).toBeCloseTo(0, 10);
    expect(b.variance).toBeCloseTo(T / H, 6);
    const sd = Math.sqrt(T / H);
    b.x.forEach((x, k) =>
      expect(b.density[k]).toBeCloseTo(Math.exp((-x * x) / (2 * sd * sd)) / (sd * Math.sqrt(2 * Math.PI)), 5),
    );
  });

  it('of a symmetric double well puts half its mass in each well', () => {
    const b = boltzmannDensity1d((x) => (x * x - 1) ** 2, 0.5, -2, 2, 800);
    const h = 4 / 800;
    const right = b.density.reduce((s, p, k) => s + (b.x[k]! > 0 ? p * h : b.x[k] === 0 ? (p * h) / 2 : 0), 0);
    expect(right).toBeCloseTo(0.5, 6);
    expect(b.mean).toBeCloseTo(0, 10);
  });
});

describe('the gallery as files', () => {
  it('resources/theory/ holds each experiment as ID.lab.json, equal to the gallery’s (for sgd-lab run and analyze)', () => {
    const dir = resolve(import.meta.dirname, '../../resources/theory');
    const files = readdirSync(dir).filter((f) => f.endsWith('.lab.json'));
    expect(files.sort()).toEqual(GALLERY.map((e) => `${e.id}.lab.json`).sort());
    for (const entry of GALLERY)
      expect(JSON.parse(readFileSync(resolve(dir, `${entry.id}.lab.json`), 'utf8'))).toEqual(entry.experiment);
  });
});
