/**
 * The stationary view's computations (pure): per run of a 1-D loss the predicted variance (Gaussian
 * or Boltzmann), the small-η value, the histogram's range, the histogram as drawn and the Gaussian
 * curves over it, the cloud's share at Φ > 0; for a 2-D loss the measured and predicted covariances,
 * the figure's equal-unit scales, the cloud's dots and the covariance table's rows.
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import {
  binCentres,
  ellipseAxes,
  gaussianDensity,
  histogramDensity,
  type Histogram,
} from '../../../shared/theory/gallery-stats';
import {
  boltzmannCovariance,
  boltzmannDensity1d,
  experimentModel,
  type ExperimentTheory,
  type GridDensity,
} from '../../../shared/theory/gallery-theory';
import type { Matrix } from '../../../shared/theory/linalg';
import { linearScale, type Scale } from './chart';

/** What this view reads of one run's cloud accumulated after burn-in (a CloudAverage of live.svelte.ts). */
export interface CloudSummary {
  frames: number;
  /** Mean over frames of the cloud's mean and covariance. */
  mean: number[];
  cov: Matrix;
  /** Histogram of the first coordinate (1-D only). */
  histogram: Histogram | null;
  /** The latest frame's particles (row-major). */
  latest: Float32Array | null;
}

/** The width of the stationary figures and their margins (viewBox units). */
export const FIGURE_WIDTH = 440;
export const FIGURE_PAD = { l: 52, r: 12, t: 10, b: 36 } as const;

/** Boltzmann mode (1-D only): each run's density exp(−L/T)/Z, T = ησ²/2, over the loss's domain. */
export function boltzmannGrids(
  experiment: Experiment,
  theory: ExperimentTheory,
  boltzmann: boolean,
): (GridDensity | null)[] {
  const model = boltzmann && theory.at.length === 1 ? experimentModel(experiment) : null;
  return experiment.runs.map((_, i) => {
    if (!model) return null;
    const [lo, hi] = experiment.loss.domain[0]!;
    const T = (theory.runs[i]!.eta * theory.runs[i]!.Sigma[0]![0]!) / 2;
    return boltzmannDensity1d((x) => model.value([x]), T, lo, hi);
  });
}

/** The small-η variance ηΣ/2H of run i (1-D). */
export function smallEtaVariance(theory: ExperimentTheory, i: number): number {
  return (theory.runs[i]!.eta * theory.runs[i]!.Sigma[0]![0]!) / (2 * theory.H[0]![0]!);
}

/** The predicted variance of run i (1-D): the Boltzmann density's, else C (NaN without one). */
export function predictedVariance(theory: ExperimentTheory, grid: GridDensity | null, i: number): number {
  return grid?.variance ?? theory.runs[i]!.C?.[0]?.[0] ?? NaN;
}

/**
 * The range of run i's histogram (1-D only, else null): the loss's domain under a Boltzmann density,
 * else Φ* ± 4.5 of the wider predicted standard deviation (null when it is not finite).
 */
export function histogramRange(
  experiment: Experiment,
  theory: ExperimentTheory,
  grid: GridDensity | null,
  i: number,
): [number, number] | null {
  if (theory.at.length !== 1) return null;
  if (grid) return experiment.loss.domain[0]!;
  const sd = Math.sqrt(Math.max(predictedVariance(theory, grid, i), smallEtaVariance(theory, i)));
  return Number.isFinite(sd) ? [theory.at[0]! - 4.5 * sd, theory.at[0]! + 4.5 * sd] : null;
}

/** One run's histogram of the cloud after burn-in as the 1-D figure draws it, with its moments. */
export interface RunHistogram {
  xs: number[];
  measured: number[];
  width: number;
  lo: number;
  hi: number;
  frames: number;
  mean: number;
  variance: number;
}

/** The histogram drawn for one run's accumulated cloud (empty without a histogram). */
export function runHistogram(r: CloudSummary): RunHistogram {
  const h = r.histogram;
  if (!h) return { xs: [], measured: [], width: 0, lo: NaN, hi: NaN, frames: 0, mean: NaN, variance: NaN };
  return {
    xs: binCentres(h),
    measured: histogramDensity(h),
    width: (h.hi - h.lo) / h.counts.length,
    lo: h.lo,
    hi: h.hi,
    frames: r.frames,
    mean: r.frames ? r.mean[0]! : NaN,
    variance: r.frames ? r.cov[0]![0]! : NaN,
  };
}

/** The Gaussian density of a mean and variance at n + 1 even points over [lo, hi]. */
export function gaussianCurve(
  lo: number,
  hi: number,
  mean: number,
  variance: number,
  n = 120,
): { x: number[]; y: number[] } {
  const x = Array.from({ length: n + 1 }, (_, k) => lo + ((hi - lo) * k) / n);
  return { x, y: x.map((u) => gaussianDensity(u, mean, variance)) };
}

/** The measured fraction of a histogram's values in bins centred at x > 0 (NaN when empty). */
export function rightFraction(h: Histogram | null): number {
  if (!h) return NaN;
  const centres = binCentres(h);
  const right = h.counts.reduce((s, c, k) => s + (centres[k]! > 0 ? c : 0), 0);
  const total = h.counts.reduce((s, c) => s + c, 0) + h.outside;
  return total > 0 ? right / total : NaN;
}

/** The mass of a grid density at x > 0 (trapezoid rule). */
export function rightMass(g: GridDensity): number {
  const h = g.x[1]! - g.x[0]!;
  return g.density.reduce((s, p, k) => s + (g.x[k]! > 0 ? p * h : g.x[k] === 0 ? (p * h) / 2 : 0), 0);
}

/** The first run's cloud of a 2-D loss beside its predicted C and the Boltzmann T H⁻¹ of the same mean loss. */
export interface StationaryCloud {
  r: CloudSummary;
  C: Matrix | null;
  boltz: { T: number; cov: Matrix } | null;
  frames: number;
}

export function stationaryCloud(r: CloudSummary, theory: ExperimentTheory): StationaryCloud {
  const C = theory.runs[0]!.C;
  const boltz = C ? boltzmannCovariance(theory.H, C) : null;
  return { r, C, boltz, frames: r.frames };
}

/**
 * Scales of a figure `height` high around `centre` holding 2.6 times the widest of the covariances'
 * major standard deviations, with equal units on both axes (so an ellipse's shape is true).
 */
export function equalUnitScales(
  centre: readonly number[],
  covariances: (Matrix | null | undefined)[],
  height: number,
): { sx: Scale; sy: Scale } {
  const sds = covariances
    .filter((m): m is Matrix => !!m)
    .map((m) => ellipseAxes(m).major)
    .filter(Number.isFinite);
  const half = 2.6 * Math.max(1e-9, ...sds);
  const pad = FIGURE_PAD;
  const w = FIGURE_WIDTH - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const hx = half * Math.max(1, w / h);
  const hy = half * Math.max(1, h / w);
  return {
    sx: linearScale(centre[0]! - hx, centre[0]! + hx, pad.l, FIGURE_WIDTH - pad.r),
    sy: linearScale(centre[1]! - hy, centre[1]! + hy, height - pad.b, pad.t),
  };
}

/** A path of small squares at the first 2000 particles (x, y pairs) inside a figure `height` high. */
export function cloudDots(p: Float32Array | null, sx: Scale, sy: Scale, height: number): string {
  if (!p) return '';
  const pad = FIGURE_PAD;
  let d = '';
  for (let k = 0; k + 1 < p.length && k < 2 * 2000; k += 2) {
    const [x, y] = [sx(p[k]!), sy(p[k + 1]!)];
    if (x >= pad.l && x <= FIGURE_WIDTH - pad.r && y >= pad.t && y <= height - pad.b)
      d += `M${x.toFixed(1)},${y.toFixed(1)}h1.6v1.6h-1.6z`;
  }
  return d;
}

/** The covariance table's header (2-D). */
export const COVARIANCE_HEADER = ['covariance', 'Cxx', 'Cxy', 'Cyy', 'sd_major', 'sd_minor', 'angle_deg'];

/** One covariance's row: its entries, the standard deviations along its axes and the major axis's angle in degrees. */
export function covarianceRow(name: string, m: Matrix | null | undefined): (string | number | null)[] {
  if (!m) return [name, null, null, null, null, null, null];
  const e = ellipseAxes(m);
  return [name, m[0]![0]!, m[0]![1]!, m[1]![1]!, e.major, e.minor, (e.angle * 180) / Math.PI];
}

/** The rows of the measured, predicted and Boltzmann covariances. */
export function covarianceRows(cloud: StationaryCloud): (string | number | null)[][] {
  const { r, C, boltz } = cloud;
  return [
    covarianceRow('measured', r.frames ? r.cov : null),
    covarianceRow('theory', C),
    covarianceRow('boltzmann', boltz?.cov),
  ];
}

/** The axis a covariance's major axis lies closer to. */
export function majorAxisName(cov: Matrix): 'x' | 'y' {
  return Math.abs(ellipseAxes(cov).angle) > Math.PI / 4 ? 'y' : 'x';
}
