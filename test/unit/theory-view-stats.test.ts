/** The Theory gallery's measured-side maths against hand-derived values and closed forms. */
import { describe, expect, it } from 'vitest';
import {
  addToHistogram,
  binCentres,
  ellipseAxes,
  ellipsePoints,
  emptyHistogram,
  erf,
  fitLine,
  fitQuadratic,
  gaussianBinDensity,
  gaussianDensity,
  histogramDensity,
  meanSquaredDisplacement,
  meanStderr,
  richardsonPairs,
  slopeThroughOrigin,
  timeAverage,
} from '../../shared/theory/gallery-stats';

/** Φ⁻¹(p) by bisection on the erf (independent of the histogram code). */
function normalQuantile(p: number): number {
  let [lo, hi] = [-10, 10];
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * (1 + erf(mid / Math.SQRT2)) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('histogram against a density', () => {
  it('counts by hand: bins, the outside, and a density that integrates to the fraction inside', () => {
    const h = emptyHistogram(0, 1, 2);
    addToHistogram(h, [0.1, 0.2, 0.6, 1.5, -0.1, NaN]);
    expect(h.counts).toEqual([2, 1]);
    expect(h.outside).toBe(3);
    // 6 values, bin width 0.5: 2/(6·0.5), 1/(6·0.5).
    expect(histogramDensity(h)).toEqual([2 / 3, 1 / 3]);
    expect(binCentres(h)).toEqual([0.25, 0.75]);
  });

  it('reads one coordinate of row-major points', () => {
    const h = emptyHistogram(0, 4, 4);
    addToHistogram(h, new Float32Array([0.5, 9, 1.5, 9, 1.7, 9]), 2, 0);
    expect(h.counts).toEqual([1, 2, 0, 0]);
    expect(h.outside).toBe(0);
  });

  it('a perfect Gaussian sample (its quantiles) matches the bin integrals and the density', () => {
    const [mean, sd, N] = [1.5, 0.7, 20000];
    const sample = Array.from({ length: N }, (_, k) => mean + sd * normalQuantile((k + 0.5) / N));
    const h = emptyHistogram(mean - 4 * sd, mean + 4 * sd, 40);
    addToHistogram(h, sample);
    const measured = histogramDensity(h);
    const predicted = gaussianBinDensity(h, mean, sd * sd);
    const peak = gaussianDensity(mean, mean, sd * sd);
    expect(peak).toBeCloseTo(1 / (sd * Math.sqrt(2 * Math.PI)), 12);
    measured.forEach((m, k) => expect(Math.abs(m - predicted[k]!)).toBeLessThan(0.003 * peak + 2 / (N * 0.14)));
    // A bin's mean density is the density at its centre to second order in the width.
    binCentres(h).forEach((x, k) =>
      expect(Math.abs(predicted[k]! - gaussianDensity(x, mean, sd * sd))).toBeLessThan(0.01 * peak),
    );
    // The bars integrate to P(|x − mean| < 4 sd) = erf(4/√2).
    const width = (h.hi - h.lo) / h.counts.length;
    expect(predicted.reduce((s, d) => s + d * width, 0)).toBeCloseTo(erf(4 / Math.SQRT2), 6);
  });

  it('erf at known values', () => {
    expect(erf(0)).toBe(0);
    expect(erf(1)).toBeCloseTo(0.8427007929, 6);
    expect(erf(-0.5)).toBeCloseTo(-0.5204998778, 6);
  });
});

describe('ellipse axes from a covariance', () => {
  it('diagonal covariances: standard deviations along the coordinate axes', () => {
    expect(
      ellipseAxes([
        [4, 0],
        [0, 1],
      ]),
    ).toEqual({ major: 2, minor: 1, angle: 0 });
    const tall = ellipseAxes([
      [1, 0],
      [0, 9],
    ]);
    expect([tall.major, tall.minor, tall.angle]).toEqual([3, 1, Math.PI / 2]);
  });

  it('a rotated covariance R diag(9, 1) Rᵀ gives back 3, 1 and the angle', () => {
    for (const th of [0.3, -1.2, 1.0]) {
      const [c, s] = [Math.cos(th), Math.sin(th)];
      const cov = [
        [9 * c * c + s * s, 8 * c * s],
        [8 * c * s, 9 * s * s + c * c],
      ];
      const e = ellipseAxes(cov);
      expect(e.major).toBeCloseTo(3, 12);
      expect(e.minor).toBeCloseTo(1, 12);
      expect(e.angle).toBeCloseTo(th, 12);
    }
  });

  it('isotropic and singular covariances', () => {
    expect(
      ellipseAxes([
        [2, 0],
        [0, 2],
      ]).major,
    ).toBeCloseTo(Math.SQRT2, 14);
    const line = ellipseAxes([
      [1, 1],
      [1, 1],
    ]);
    expect(line.major).toBeCloseTo(Math.SQRT2, 14);
    expect(line.minor).toBe(0);
    expect(line.angle).toBeCloseTo(Math.PI / 4, 14);
  });

  it('the k-σ ellipse points satisfy (x − c)ᵀ C⁻¹ (x − c) = k²', () => {
    const cov = [
      [2, 0.6],
      [0.6, 0.5],
    ];
    const det = 2 * 0.5 - 0.36;
    const inv = [
      [0.5 / det, -0.6 / det],
      [-0.6 / det, 2 / det],
    ];
    for (const [x, y] of ellipsePoints([1, -2], cov, 2, 40)) {
      const [u, v] = [x - 1, y + 2];
      expect(inv[0]![0]! * u * u + 2 * inv[0]![1]! * u * v + inv[1]![1]! * v * v).toBeCloseTo(4, 10);
    }
  });
});

describe('fitting L(η)', () => {
  it('an exact line comes back exactly', () => {
    const xs = [0.01, 0.02, 0.04, 0.08];
    const fit = fitLine(
      xs,
      xs.map((x) => 0.5 + 0.25 * x),
      [1e-3, 1e-3, 2e-3, 1e-3],
    );
    expect(fit.slope).toBeCloseTo(0.25, 10);
    expect(fit.intercept).toBeCloseTo(0.5, 12);
    expect(fit.chi2PerDof).toBeCloseTo(0, 12);
  });

  it('unweighted by hand: (0,0), (1,1), (2,4)', () => {
    // slope 2, intercept −1/3, residuals 1/3, −2/3, 1/3: χ² = 2/3 on 1 dof; var(slope) = S/det · s² = 3/6 · 2/3.
    const fit = fitLine([0, 1, 2], [0, 1, 4]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(-1 / 3, 12);
    expect(fit.chi2PerDof).toBeCloseTo(2 / 3, 12);
    expect(fit.slopeErr).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(fit.interceptErr).toBeCloseTo(Math.sqrt((5 / 6) * (2 / 3)), 12);
  });

  it('weights 1/σ²: a point with a huge error barely counts', () => {
    const fit = fitLine([0, 1, 2], [0, 1, 100], [1, 1, 1e6]);
    expect(fit.slope).toBeCloseTo(1, 6);
    expect(fit.intercept).toBeCloseTo(0, 6);
    // Two points of σ = 1 at x = 0, 1: var(slope) = S/det = 2/(2·1 − 1) = 2.
    expect(fit.slopeErr).toBeCloseTo(Math.SQRT2, 5);
  });

  it('Richardson pairs: every η with a run at η/2', () => {
    expect(richardsonPairs([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08])).toEqual([
      { half: 0, full: 1 },
      { half: 1, full: 3 },
      { half: 2, full: 5 },
      { half: 3, full: 7 },
    ]);
    expect(richardsonPairs([0.1, 0.3])).toEqual([]);
  });

  it('mean and standard error by hand', () => {
    const r = meanStderr([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.stderr).toBeCloseTo(Math.sqrt(5 / 3 / 4), 14);
    expect(meanStderr([3]).stderr).toBeNaN();
  });
});

describe('the slope of L(η) at η = 0 and time averages', () => {
  it('a parabola through exact points comes back exactly, its slope at 0 the linear coefficient', () => {
    const xs = [0.01, 0.02, 0.03, 0.04, 0.05];
    const fit = fitQuadratic(
      xs,
      xs.map((x) => 0.5 + 0.7 * x + 3 * x * x),
      xs.map(() => 1e-4),
    );
    expect(fit.coef[0]).toBeCloseTo(0.5, 10);
    expect(fit.coef[1]).toBeCloseTo(0.7, 8);
    expect(fit.coef[2]).toBeCloseTo(3, 6);
    // Errors scale with σ: doubling every σ doubles them.
    const twice = fitQuadratic(
      xs,
      xs.map((x) => 0.5 + 0.7 * x + 3 * x * x),
      xs.map(() => 2e-4),
    );
    expect(twice.err[1] / fit.err[1]).toBeCloseTo(2, 10);
  });

  it('three points, equal weights: the interpolating parabola (by hand: 1, 2, 5 at 0, 1, 2 → 1 + 0x + 1x²)', () => {
    const fit = fitQuadratic([0, 1, 2], [1, 2, 5]);
    expect(fit.coef[0]).toBeCloseTo(1, 12);
    expect(fit.coef[1]).toBeCloseTo(0, 12);
    expect(fit.coef[2]).toBeCloseTo(1, 12);
  });

  it('time average after burn-in, the error from 10 block means', () => {
    // t = 0..99, values = t: burn-in 40 keeps 40..99 (60 values, mean 69.5); blocks of 6 have means
    // 42.5, 48.5, …, 96.5: spread sd = 6·√(110/12)… by hand: block means step 6, var = 36·(10·11/12) = 330.
    const t = Array.from({ length: 100 }, (_, i) => i);
    const r = timeAverage(t, t, 40);
    expect(r.count).toBe(60);
    expect(r.mean).toBeCloseTo(69.5, 12);
    expect(r.stderr).toBeCloseTo(Math.sqrt(330 / 10), 10);
    expect(timeAverage(t, t, 95).stderr).toBeNaN();
  });
});

describe('diffusion on a plateau', () => {
  it('mean squared displacement by hand, skipping a diverged particle', () => {
    // (1, 2) and (−1, 0) from (0, 1): ‖·‖² = 2 and 2; the NaN particle is left out.
    expect(meanSquaredDisplacement(new Float32Array([1, 2, -1, 0, NaN, 5]), 2, [0, 1])).toBe(2);
    expect(meanSquaredDisplacement([3, 5], 1, [1])).toBe((4 + 16) / 2);
  });

  it('slope through the origin: Σxy/Σx²', () => {
    expect(slopeThroughOrigin([1, 2, 3], [2, 4, 6])).toBe(2);
    // (1, 1), (2, 3): (1 + 6)/(1 + 4).
    expect(slopeThroughOrigin([1, 2, NaN], [1, 3, 9])).toBeCloseTo(7 / 5, 14);
  });
});
