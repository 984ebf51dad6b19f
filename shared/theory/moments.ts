/**
 * The measured side of the stationary analysis (SPEC §11): sample mean and covariance (divisor P − 1)
 * of a particle cloud, and L(η) with its standard error (batch means) over the recorded steps after a burn-in.
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

/** Batches the standard error of L uses: 20, fewer below 40 steps (⌊K/2⌋), at least 2 (SPEC §11). */
export const LOSS_BATCHES = 20;

/**
 * The standard error of the mean of a series by batch means (SPEC §11): b = min(20, max(2, ⌊K/2⌋))
 * consecutive batches of equal length ⌊K/b⌋, stderr = sd(batch means)/√b (divisor b − 1). Where K is
 * not a multiple of b the leading K mod b values are left out of the batches: they sit nearest the
 * burn-in, the least stationary. NaN below two values.
 */
export function batchMeansStderr(values: readonly number[]): number {
  const K = values.length;
  if (K < 2) return NaN;
  const b = Math.min(LOSS_BATCHES, Math.max(2, Math.floor(K / 2)));
  const len = Math.floor(K / b);
  const skip = K - b * len;
  const means: number[] = [];
  for (let j = 0; j < b; j++) {
    let sum = 0;
    for (let i = skip + j * len; i < skip + (j + 1) * len; i++) sum += values[i]!;
    means.push(sum / len);
  }
  const m = means.reduce((s, v) => s + v, 0) / b;
  const variance = means.reduce((s, v) => s + (v - m) ** 2, 0) / (b - 1);
  return Math.sqrt(variance / b);
}

/**
 * L(η): the mean over the recorded steps t ≥ burnIn of the particle-mean full loss (the recording's
 * `loss`, each already a mean over particles); `stderr` by batch means over those steps
 * (`batchMeansStderr`), which stays honest when recorded steps are closer than the correlation time.
 * NaN where no step (value) or fewer than two (stderr) qualify.
 */
export function stationaryLoss(t: readonly number[], loss: readonly (number | null)[], burnIn: number): StationaryLoss {
  const values: number[] = [];
  t.forEach((step, k) => {
    const l = loss[k];
    if (step >= burnIn && typeof l === 'number' && Number.isFinite(l)) values.push(l);
  });
  const K = values.length;
  const value = values.reduce((s, v) => s + v, 0) / K;
  return { value, stderr: batchMeansStderr(values), steps: K };
}

/** The burn-in when none is given: half of the run's steps. */
export function defaultBurnIn(steps: number): number {
  return Math.floor(steps / 2);
}
