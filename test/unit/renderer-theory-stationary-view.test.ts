/** The stationary view's computations (src-renderer/src/theory/stationary-series.ts) against hand-made cases and the gallery's experiments. */
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/experiment/experiment';
import { validateExperiment } from '../../shared/experiment/validate';
import { findGalleryEntry } from '../../shared/theory/gallery';
import type { Histogram } from '../../shared/theory/gallery-stats';
import { experimentTheory, type ExperimentTheory } from '../../shared/theory/gallery-theory';
import {
  boltzmannGrids,
  cloudDots,
  type CloudSummary,
  covarianceRow,
  covarianceRows,
  equalUnitScales,
  FIGURE_PAD,
  FIGURE_WIDTH,
  gaussianCurve,
  histogramRange,
  majorAxisName,
  predictedVariance,
  rightFraction,
  rightMass,
  runHistogram,
  smallEtaVariance,
  stationaryCloud,
} from '../../src-renderer/src/theory/stationary-series';

function galleryExperiment(id: string): { experiment: Experiment; theory: ExperimentTheory } {
  const r = validateExperiment(findGalleryEntry(id)!.experiment);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { experiment: r.experiment, theory: experimentTheory(r.experiment)! };
}

/** A 1-D theory at Φ* = 0.5, H = 2, one run of η = 0.1, Σ = 0.5 and the given C. */
function theory1d(C: number[][] | null): ExperimentTheory {
  return {
    at: [0.5],
    Lstar: 0,
    H: [[2]],
    exampleCov: [[0.5]],
    runs: [{ eta: 0.1, batch: 1, Sigma: [[0.5]], C, excess: null, slope: 0 }],
  };
}

function cloud(frames: number, mean: number[], cov: number[][], histogram: Histogram | null = null): CloudSummary {
  return { frames, mean, cov, histogram, latest: null };
}

describe('1-D predictions', () => {
  it('the small-η variance is ηΣ/2H; the predicted one is the grid’s, else C, else NaN', () => {
    expect(smallEtaVariance(theory1d(null), 0)).toBeCloseTo((0.1 * 0.5) / 4, 15);
    expect(predictedVariance(theory1d([[0.3]]), null, 0)).toBe(0.3);
    expect(predictedVariance(theory1d(null), null, 0)).toBeNaN();
    const grid = { x: [0, 1], density: [1, 1], mean: 0.5, variance: 0.7 };
    expect(predictedVariance(theory1d([[0.3]]), grid, 0)).toBe(0.7);
  });

  it('the histogram spans Φ* ± 4.5 sd of the wider variance, the domain under Boltzmann, none in 2-D', () => {
    const { experiment } = galleryExperiment('double-well');
    const sd = Math.sqrt(0.04);
    expect(histogramRange(experiment, theory1d([[0.04]]), null, 0)).toEqual([0.5 - 4.5 * sd, 0.5 + 4.5 * sd]);
    // C smaller than the small-η value: the small-η one sets the width.
    const small = Math.sqrt(smallEtaVariance(theory1d(null), 0));
    const r = histogramRange(experiment, theory1d([[1e-6]]), null, 0)!;
    expect(r[1] - r[0]).toBeCloseTo(9 * small, 12);
    expect(histogramRange(experiment, theory1d(null), null, 0)).toBeNull();
    const grid = { x: [-2, 2], density: [0, 0], mean: 0, variance: 1 };
    expect(histogramRange(experiment, theory1d(null), grid, 0)).toEqual([-2, 2]);
    const two = galleryExperiment('stationary-2d');
    expect(histogramRange(two.experiment, two.theory, null, 0)).toBeNull();
  });

  it('Boltzmann grids only in Boltzmann mode: the double well’s density is symmetric, half in each well', () => {
    const { experiment, theory } = galleryExperiment('double-well');
    expect(boltzmannGrids(experiment, theory, false)).toEqual([null]);
    const [grid] = boltzmannGrids(experiment, theory, true);
    expect(grid!.x[0]).toBe(-2);
    expect(grid!.x.at(-1)).toBe(2);
    expect(rightMass(grid!)).toBeCloseTo(0.5, 3);
    const one = galleryExperiment('stationary-1d');
    expect(boltzmannGrids(one.experiment, one.theory, false)).toEqual([null, null, null]);
  });
});

describe('1-D measured side', () => {
  it('the drawn histogram: bin centres, densities integrating to the share inside, the run’s moments', () => {
    const h: Histogram = { lo: -1, hi: 1, counts: [1, 2, 3, 4], outside: 2 };
    const drawn = runHistogram(cloud(5, [0.25], [[0.09]], h));
    expect(drawn.xs).toEqual([-0.75, -0.25, 0.25, 0.75]);
    expect(drawn.width).toBe(0.5);
    expect([drawn.lo, drawn.hi, drawn.frames, drawn.mean, drawn.variance]).toEqual([-1, 1, 5, 0.25, 0.09]);
    expect(drawn.measured.reduce((s, d) => s + d * drawn.width, 0)).toBeCloseTo(10 / 12, 12);
    const waiting = runHistogram(cloud(0, [0], [[0]], h));
    expect(waiting.mean).toBeNaN();
    expect(waiting.variance).toBeNaN();
    expect(runHistogram(cloud(5, [0], [[1]])).xs).toEqual([]);
  });

  it('the Gaussian curve: n + 1 even points over [lo, hi], peak 1/√(2πv) at the mean, unit mass', () => {
    const c = gaussianCurve(-3, 5, 1, 0.25, 400);
    expect(c.x.length).toBe(401);
    expect([c.x[0], c.x[400]]).toEqual([-3, 5]);
    expect(c.y[200]).toBeCloseTo(1 / Math.sqrt(2 * Math.PI * 0.25), 12);
    expect(c.y.reduce((s, y) => s + y * 0.02, 0)).toBeCloseTo(1, 6);
  });

  it('the share right of 0: counted by bin centre over all values, outside ones included', () => {
    expect(rightFraction({ lo: -1, hi: 1, counts: [1, 2, 3, 4], outside: 2 })).toBeCloseTo(7 / 12, 15);
    expect(rightFraction({ lo: -1, hi: 1, counts: [0, 0], outside: 0 })).toBeNaN();
    expect(rightFraction(null)).toBeNaN();
  });

  it('the predicted mass right of 0 (trapezoid, exact on a piecewise-linear density with kinks on the grid)', () => {
    // A triangle on [−0.5, 1.5] peaked at 0.5: 1/8 of it lies left of 0.
    const x = Array.from({ length: 201 }, (_, k) => -0.5 + (2 * k) / 200);
    const density = x.map((u) => Math.max(0, 1 - Math.abs(u - 0.5)));
    expect(rightMass({ x, density, mean: 0.5, variance: 1 / 6 })).toBeCloseTo(0.875, 12);
  });
});

describe('2-D', () => {
  const C = [
    [4, 0],
    [0, 1],
  ];

  it('the cloud beside C and the Boltzmann T H⁻¹ of the same mean loss; no C, no Boltzmann', () => {
    const t: ExperimentTheory = {
      at: [0, 0],
      Lstar: 0,
      H: [
        [2, 0],
        [0, 1],
      ],
      exampleCov: C,
      runs: [{ eta: 0.1, batch: 1, Sigma: C, C, excess: null, slope: 0 }],
    };
    const c = stationaryCloud(cloud(3, [0, 0], C), t);
    expect(c.frames).toBe(3);
    expect(c.boltz!.T).toBeCloseTo((8 + 1) / 2, 12);
    expect(c.boltz!.cov[0]![0]).toBeCloseTo(4.5 / 2, 12);
    expect(c.boltz!.cov[1]![1]).toBeCloseTo(4.5, 12);
    expect(stationaryCloud(cloud(3, [0, 0], C), { ...t, runs: [{ ...t.runs[0]!, C: null }] }).boltz).toBeNull();
  });

  it('equal units on both axes, Φ* in the middle, the widest 2σ ellipse inside', () => {
    const height = 380;
    const { sx, sy } = equalUnitScales(
      [1, 2],
      [
        C,
        null,
        undefined,
        [
          [NaN, 0],
          [0, 1],
        ],
      ],
      height,
    );
    expect(sx(2) - sx(1)).toBeCloseTo(sy(2) - sy(3), 9);
    expect(sx(1)).toBeCloseTo((FIGURE_PAD.l + FIGURE_WIDTH - FIGURE_PAD.r) / 2, 9);
    expect(sy(2)).toBeCloseTo((FIGURE_PAD.t + height - FIGURE_PAD.b) / 2, 9);
    // The major sd is 2: the 2σ ellipse reaches x = 1 ± 4, inside the plot.
    expect(sx(1 - 4)).toBeGreaterThan(FIGURE_PAD.l);
    expect(sx(1 + 4)).toBeLessThan(FIGURE_WIDTH - FIGURE_PAD.r);
    // Only the one finite covariance counts: its 2.6 major sds reach the tighter (vertical) edge.
    expect(sy(2 + 2.6 * 2)).toBeCloseTo(FIGURE_PAD.t, 9);
  });

  it('the cloud’s dots: a square per particle inside the plot, at most 2000', () => {
    const { sx, sy } = equalUnitScales([0, 0], [C], 380);
    expect(cloudDots(null, sx, sy, 380)).toBe('');
    const dots = cloudDots(new Float32Array([0, 0, 1e6, 0, 0.5, -0.5]), sx, sy, 380);
    expect(dots.match(/M/g)!.length).toBe(2);
    expect(dots.startsWith(`M${sx(0).toFixed(1)},${sy(0).toFixed(1)}h1.6v1.6h-1.6z`)).toBe(true);
    expect(cloudDots(new Float32Array(2 * 3000), sx, sy, 380).match(/M/g)!.length).toBe(2000);
  });

  it('the covariance rows: entries, axes’ sds and angle in degrees; nulls without one; measured only after burn-in', () => {
    expect(covarianceRow('theory', C)).toEqual(['theory', 4, 0, 1, 2, 1, 0]);
    const tilted = covarianceRow('t', [
      [1, 0.5],
      [0.5, 1],
    ]);
    expect(tilted[4]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(tilted[5]).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(tilted[6]).toBeCloseTo(45, 12);
    expect(covarianceRow('boltzmann', undefined)).toEqual(['boltzmann', null, null, null, null, null, null]);
    const rows = covarianceRows({ r: cloud(0, [0, 0], C), C, boltz: null, frames: 0 });
    expect(rows.map((r) => r[0])).toEqual(['measured', 'theory', 'boltzmann']);
    expect(rows[0]!.slice(1).every((v) => v === null)).toBe(true);
    expect(rows[1]![1]).toBe(4);
  });

  it('a covariance’s major axis lies along x or y', () => {
    expect(majorAxisName(C)).toBe('x');
    expect(
      majorAxisName([
        [1, 0],
        [0, 4],
      ]),
    ).toBe('y');
  });
});
