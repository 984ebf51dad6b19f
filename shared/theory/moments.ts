/**
 * The measured side of the stationary analysis (SPEC §11): sample mean and covariance (divisor P − 1)
 * of a particle cloud, and L(η) with its standard error over the recorded steps after a burn-in.
 */
import type { Matrix } from './linalg';

/** The particles whose every coordinate is a finite number (diverged ones are null or non-finite). */
export function liveParticles(positions: readonly (readonly (number | null)[])[]): number[][] {
  return positions.filter((p) => p.every((v) => typeof v === 'number' && Number.isFinite(v))) as number[][];
}

/** The sample mean of P points in D dimensions (NaN coordinates when P = 0). */
export function sampleMean(points: readonly (readonly number[])[], D: number): number[] {
  const m = new Array<number>(D).fill(0);
  for (const p of points) for (let j = 0; j < D; j++) m[j]! += p[j]!;
  return m.map((s) => s / points.length);
}

/** The sample covariance with divisor P − 1 (NaN when P < 2). */
export function sampleCovariance(points: readonly (readonly number[])[], D: number): Matrix {
  const m = sampleMean(points, D);
  const c: Matrix = Array.from({ length: D }, () => new Array<number>(D).fill(0));
  for (const p of points)
    for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) c[a]![b]! += (p[a]! - m[a]!) * (p[b]! - m[b]!);
  return c.map((row) => row.map((v) => v / (points.length - 1)));
}

/** L(η) and its standard error. */
export interface StationaryLoss {
  value: number;
  stderr: number;
  /** How many recorded steps went in. */
  steps: number;
}

/**
 * L(η): the mean over the recorded steps t ≥ burnIn of the particle-mean full loss (the recording's
 * `loss`, each already a mean over particles); `stderr` the sample standard deviation between those
 * steps (divisor K − 1) over √K. NaN where no step (value) or fewer than two (stderr) qualify.
 */
export function stationaryLoss(t: readonly number[], loss: readonly (number | null)[], burnIn: number): StationaryLoss {
  const values: number[] = [];
  t.forEach((step, k) => {
    const l = loss[k];
    if (step >= burnIn && typeof l === 'number' && Number.isFinite(l)) values.push(l);
  });
  const K = values.length;
  const value = values.reduce((s, v) => s + v, 0) / K;
  const variance = values.reduce((s, v) => s + (v - value) ** 2, 0) / (K - 1);
  return { value, stderr: K >= 2 ? Math.sqrt(variance / K) : NaN, steps: K };
}

/** The burn-in when none is given: half of the run's steps. */
export function defaultBurnIn(steps: number): number {
  return Math.floor(steps / 2);
}
