/**
 * L(η)'s standard error by batch means (SPEC §11): the per-step means after burn-in cut into 20
 * consecutive batches of equal length (fewer below 40 steps, at least 2), stderr = sd(batch means)/√b;
 * a length not divisible by the batch count drops its leading remainder (the steps nearest the burn-in).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../shared/data/prng';
import { stationaryLoss } from '../../shared/theory/moments';

/** Steps 0, 1, … for a series. */
const steps = (values: readonly number[]) => values.map((_, k) => k);

describe('stationaryLoss: stderr by batch means', () => {
  it('8 steps: 4 batches of 2, by hand', () => {
    // Batch means 2, 3, 7, 6: mean 4.5, squared deviations 6.25 + 2.25 + 6.25 + 2.25 = 17, sd² = 17/3.
    const v = [1, 3, 2, 4, 6, 8, 5, 7];
    const L = stationaryLoss(steps(v), v, 0);
    expect(L.value).toBe(4.5);
    expect(L.steps).toBe(8);
    expect(L.stderr).toBeCloseTo(Math.sqrt(17 / 3 / 4), 14);
  });

  it('9 steps: the leading remainder is dropped from the batches, kept in the value', () => {
    const v = [100, 1, 3, 2, 4, 6, 8, 5, 7];
    const L = stationaryLoss(steps(v), v, 0);
    expect(L.value).toBe(136 / 9);
    expect(L.stderr).toBeCloseTo(Math.sqrt(17 / 3 / 4), 14);
  });

  it('only the steps t ≥ burn-in count', () => {
    const v = [50, -50, 1, 3, 2, 4, 6, 8, 5, 7];
    const L = stationaryLoss(
      v.map((_, k) => 10 * k),
      v,
      20,
    );
    expect(L.stderr).toBeCloseTo(Math.sqrt(17 / 3 / 4), 14);
  });

  it('45 steps: 20 batches of 2 after dropping the first 5', () => {
    // Batch b holds (c_b, c_b + 2) with c_b = b: batch means b + 1, whose sd over b = 0…19 is √(20·21/12).
    const v = [9, 9, 9, 9, 9, ...Array.from({ length: 20 }, (_, b) => [b, b + 2]).flat()];
    const L = stationaryLoss(steps(v), v, 0);
    expect(L.stderr).toBeCloseTo(Math.sqrt((20 * 21) / 12 / 20), 12);
  });

  it('3 steps: 2 batches of 1 (the first dropped); fewer than 2 steps: NaN', () => {
    // Batch means 2 and 3: sd² = 0.5, stderr = √(0.5/2) = 0.5.
    expect(stationaryLoss([0, 1, 2], [1, 2, 3], 0).stderr).toBeCloseTo(0.5, 15);
    expect(stationaryLoss([0], [1], 0).stderr).toBeNaN();
  });

  it('an AR(1) series: batch means give the honest error, several times the naive sd/√K', () => {
    // x_k = φ x_{k−1} + ε_k, φ = 0.95, ε ~ N(0, 1): the mean's true error is ≈ 1/((1 − φ)√K) = 0.447
    // for K = 2000, the naive one √(1/(1 − φ²))/√K = 0.072 (a factor √((1 + φ)/(1 − φ)) = 6.2 apart).
    const rng = new Rng(7);
    const phi = 0.95;
    const v: number[] = [];
    let x = 0;
    for (let k = 0; k < 2000; k++) v.push((x = phi * x + rng.normal()));
    const L = stationaryLoss(steps(v), v, 0);
    const mean = v.reduce((s, y) => s + y, 0) / v.length;
    const naive = Math.sqrt(v.reduce((s, y) => s + (y - mean) ** 2, 0) / (v.length - 1) / v.length);
    expect(L.stderr).toBeGreaterThan(3 * naive);
    expect(L.stderr).toBeGreaterThan(0.447 / 1.6);
    expect(L.stderr).toBeLessThan(0.447 * 1.6);
  });
});
