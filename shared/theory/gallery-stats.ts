/**
 * The measured side of the Theory gallery's views, as pure maths: a histogram normalized to a density
 * beside a Gaussian, the axes of a covariance ellipse, a weighted straight-line fit of L(η), and the
 * Richardson pairs (η, η/2) of a set of runs.
 */
import { solve, zeros, type Matrix } from './linalg';

/** A histogram over [lo, hi) in equal bins; values outside are counted in `outside`. */
export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
  /** Values that fell outside [lo, hi) (or were not finite). */
  outside: number;
}

export function emptyHistogram(lo: number, hi: number, bins: number): Histogram {
  return { lo, hi, counts: new Array<number>(bins).fill(0), outside: 0 };
}

/** Adds values (every `stride`-th from `offset`: one coordinate of row-major points) to a histogram. */
export function addToHistogram(h: Histogram, values: ArrayLike<number>, stride = 1, offset = 0): void {
  const bins = h.counts.length;
  const scale = bins / (h.hi - h.lo);
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i]!;
    const k = Math.floor((v - h.lo) * scale);
    if (k >= 0 && k < bins) h.counts[k]!++;
    else h.outside++;
  }
}

/**
 * The histogram as a density: count / (total · bin width) per bin, total counting the values outside
 * too, so that the bars integrate to the fraction inside and compare directly with a density.
 */
export function histogramDensity(h: Histogram): number[] {
  const total = h.counts.reduce((s, c) => s + c, 0) + h.outside;
  const width = (h.hi - h.lo) / h.counts.length;
  return h.counts.map((c) => (total > 0 ? c / (total * width) : 0));
}

/** The centres of a histogram's bins. */
export function binCentres(h: Histogram): number[] {
  const width = (h.hi - h.lo) / h.counts.length;
  return h.counts.map((_, k) => h.lo + (k + 0.5) * width);
}

/** The normal density N(mean, variance) at x. */
export function gaussianDensity(x: number, mean: number, variance: number): number {
  return Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}

/**
 * The probability a Gaussian puts in each bin (the exact integral of the density over the bin, ÷ width):
 * what a histogram of its samples converges to, to compare bar by bar.
 */
export function gaussianBinDensity(h: Histogram, mean: number, variance: number): number[] {
  const width = (h.hi - h.lo) / h.counts.length;
  const sd = Math.sqrt(variance);
  const cdf = (x: number) => 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2)));
  return h.counts.map((_, k) => (cdf(h.lo + (k + 1) * width) - cdf(h.lo + k * width)) / width);
}

/** erf to about 1e-7 (Abramowitz–Stegun 7.1.26). */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** The principal axes of a 2×2 covariance: standard deviations along them and the major axis's angle. */
export interface EllipseAxes {
  /** √ of the larger eigenvalue. */
  major: number;
  /** √ of the smaller eigenvalue (0 when the matrix is singular, NaN when not positive semidefinite). */
  minor: number;
  /** The major axis's angle from the first coordinate axis, radians in (−π/2, π/2]. */
  angle: number;
}

/** The eigen-decomposition of a symmetric 2×2 covariance, in closed form. */
export function ellipseAxes(cov: Matrix): EllipseAxes {
  const a = cov[0]![0]!;
  const b = (cov[0]![1]! + cov[1]![0]!) / 2;
  const d = cov[1]![1]!;
  const mid = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  const l1 = mid + r;
  const l2 = mid - r;
  let angle = r === 0 ? 0 : Math.atan2(l1 - a, b);
  if (b === 0) angle = a >= d ? 0 : Math.PI / 2;
  if (angle <= -Math.PI / 2) angle += Math.PI;
  if (angle > Math.PI / 2) angle -= Math.PI;
  const root = (l: number) => (l >= 0 ? Math.sqrt(l) : l > -1e-15 * Math.abs(mid) ? 0 : NaN);
  return { major: root(l1), minor: root(l2), angle };
}

/** `n` points of the k-σ ellipse {x : (x − c)ᵀ C⁻¹ (x − c) = k²} of a 2×2 covariance around c. */
export function ellipsePoints(centre: readonly number[], cov: Matrix, k = 2, n = 96): [number, number][] {
  const { major, minor, angle } = ellipseAxes(cov);
  const [cx, cy] = [centre[0]!, centre[1]!];
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const out: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const th = (2 * Math.PI * i) / n;
    const u = k * major * Math.cos(th);
    const v = k * minor * Math.sin(th);
    out.push([cx + c * u - s * v, cy + s * u + c * v]);
  }
  return out;
}

/** A straight line y = intercept + slope·x fitted by weighted least squares, with standard errors. */
export interface LineFit {
  slope: number;
  intercept: number;
  slopeErr: number;
  interceptErr: number;
  /** χ² of the fit per degree of freedom (NaN with two points or fewer). */
  chi2PerDof: number;
}

/**
 * Weighted least squares with weights 1/σᵢ² (σ the points' standard errors; equal weights where any σ
 * is missing, 0 or not finite, the errors then from the residual spread). Needs two distinct x.
 */
export function fitLine(xs: readonly number[], ys: readonly number[], sigmas?: readonly number[]): LineFit {
  const n = xs.length;
  const weighted = !!sigmas && sigmas.length === n && sigmas.every((s) => Number.isFinite(s) && s > 0);
  const w = xs.map((_, i) => (weighted ? 1 / sigmas![i]! ** 2 : 1));
  let [S, Sx, Sy, Sxx, Sxy] = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    S += w[i]!;
    Sx += w[i]! * xs[i]!;
    Sy += w[i]! * ys[i]!;
    Sxx += w[i]! * xs[i]! ** 2;
    Sxy += w[i]! * xs[i]! * ys[i]!;
  }
  const det = S * Sxx - Sx * Sx;
  const slope = (S * Sxy - Sx * Sy) / det;
  const intercept = (Sxx * Sy - Sx * Sxy) / det;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += w[i]! * (ys[i]! - intercept - slope * xs[i]!) ** 2;
  const dof = n - 2;
  const chi2PerDof = dof > 0 ? chi2 / dof : NaN;
  // Unweighted: scale by the residual variance, since the points carry no errors of their own.
  const s2 = weighted ? 1 : chi2PerDof;
  return {
    slope,
    intercept,
    slopeErr: Math.sqrt((S / det) * s2),
    interceptErr: Math.sqrt((Sxx / det) * s2),
    chi2PerDof,
  };
}

/** A pair of runs at η/2 (`half`) and η (`full`), indices into the inputs. */
export interface RichardsonPair {
  half: number;
  full: number;
}

/** Every pair of learning rates where one is twice the other (to 1e-9 relative). */
export function richardsonPairs(etas: readonly number[]): RichardsonPair[] {
  const out: RichardsonPair[] = [];
  etas.forEach((eta, full) => {
    const half = etas.findIndex((e) => Math.abs(2 * e - eta) <= 1e-9 * eta);
    if (half >= 0 && half !== full) out.push({ half, full });
  });
  return out;
}

/** Mean and standard error of the mean (divisor n − 1 in the variance; NaN below two values). */
export function meanStderr(values: readonly number[]): { mean: number; stderr: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const v = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, stderr: n >= 2 ? Math.sqrt(v / n) : NaN };
}

/** y = c0 + c1 x + c2 x² by weighted least squares, with the standard errors of the coefficients. */
export interface QuadraticFit {
  coef: [number, number, number];
  err: [number, number, number];
}

/**
 * Fits a parabola, weights 1/σᵢ² (equal weights, errors from the residuals, where σ is missing); the
 * slope at x = 0 is c1, what the notes' theorem predicts for L(η) (∂L/∂η at η = 0). Needs 3 distinct x.
 */
export function fitQuadratic(xs: readonly number[], ys: readonly number[], sigmas?: readonly number[]): QuadraticFit {
  const n = xs.length;
  const weighted = !!sigmas && sigmas.length === n && sigmas.every((s) => Number.isFinite(s) && s > 0);
  const A = zeros(3);
  const b = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const w = weighted ? 1 / sigmas![i]! ** 2 : 1;
    const f = [1, xs[i]!, xs[i]! ** 2];
    for (let r = 0; r < 3; r++) {
      b[r]! += w * f[r]! * ys[i]!;
      for (let c = 0; c < 3; c++) A[r]![c]! += w * f[r]! * f[c]!;
    }
  }
  const coef = solve(A, b) as [number, number, number];
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    const w = weighted ? 1 / sigmas![i]! ** 2 : 1;
    chi2 += w * (ys[i]! - coef[0] - coef[1] * xs[i]! - coef[2] * xs[i]! ** 2) ** 2;
  }
  const s2 = weighted ? 1 : n > 3 ? chi2 / (n - 3) : NaN;
  // The diagonal of A⁻¹, column by column.
  const err = [0, 1, 2].map((k) =>
    Math.sqrt(
      solve(
        A,
        [0, 1, 2].map((j) => (j === k ? 1 : 0)),
      )[k]! * s2,
    ),
  );
  return { coef, err: err as [number, number, number] };
}

/**
 * The time average of a recorded series over t ≥ burnIn with the standard error by batch means: the
 * values cut into `blocks` consecutive blocks, the error the spread of the block means over √blocks,
 * which stays honest when neighbouring values are correlated (as the frames of a cloud are).
 */
export function timeAverage(
  t: readonly number[],
  values: readonly number[],
  burnIn: number,
  blocks = 10,
): { mean: number; stderr: number; count: number } {
  const kept: number[] = [];
  t.forEach((s, k) => {
    if (s >= burnIn && Number.isFinite(values[k]!)) kept.push(values[k]!);
  });
  const n = kept.length;
  const mean = kept.reduce((s, v) => s + v, 0) / n;
  if (n < 2 * blocks) return { mean, stderr: NaN, count: n };
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const lo = Math.floor((b * n) / blocks);
    const hi = Math.floor(((b + 1) * n) / blocks);
    means.push(kept.slice(lo, hi).reduce((s, v) => s + v, 0) / (hi - lo));
  }
  return { mean, stderr: meanStderr(means).stderr, count: n };
}

/** The mean over the particles (row-major, `dims` numbers each; non-finite ones skipped) of ‖p − start‖². */
export function meanSquaredDisplacement(positions: ArrayLike<number>, dims: number, start: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (let k = 0; k + dims <= positions.length; k += dims) {
    let d2 = 0;
    for (let d = 0; d < dims; d++) d2 += (positions[k + d]! - start[d]!) ** 2;
    if (Number.isFinite(d2)) {
      sum += d2;
      n++;
    }
  }
  return sum / n;
}

/** The least-squares slope of a line through the origin, y = s·x: Σxy / Σx². */
export function slopeThroughOrigin(xs: readonly number[], ys: readonly number[]): number {
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    if (Number.isFinite(x) && Number.isFinite(ys[i]!)) {
      sxy += x * ys[i]!;
      sxx += x * x;
    }
  });
  return sxy / sxx;
}
