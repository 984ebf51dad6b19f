/** The 1-D histogram of a run's particles: equal bins over the domain, nothing outside it binned. */
import { describe, expect, it } from 'vitest';
import { binCounts } from '../../src-renderer/src/scene/histogram';

describe('binCounts', () => {
  it('puts each particle in its bin, the right edge in the last, and counts those outside apart', () => {
    const { counts, below, above } = binCounts(Float32Array.from([-2, -1.9, -0.01, 0, 0.5, 2, 2.5, -3, NaN]), -2, 2, 4);
    // Bins: [-2, -1), [-1, 0), [0, 1), [1, 2].
    expect(counts).toEqual([2, 1, 2, 1]);
    expect(below).toBe(1);
    expect(above).toBe(1);
  });

  it('matches the normal distribution’s bin masses for a large sample', () => {
    // Deterministic standard-normal quantiles, one per 1/n of probability.
    const n = 20_000;
    const erfinv = (p: number) => {
      // Newton on Φ(x) = p with Φ from erf's series via Abramowitz–Stegun 7.1.26 (error < 1.5e-7).
      const phi = (x: number) => {
        const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
        const y =
          1 -
          t *
            (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
            Math.exp((-x * x) / 2);
        return 0.5 * (1 + Math.sign(x) * y);
      };
      let x = 0;
      for (let k = 0; k < 50; k++) x -= (phi(x) - p) / (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI));
      return { x, phi };
    };
    const sample = Array.from({ length: n }, (_, i) => erfinv((i + 0.5) / n).x);
    const { counts } = binCounts(sample, -1, 1, 2);
    const { phi } = erfinv(0.5);
    const mass = (phi(0) - phi(-1)) * n;
    expect(Math.abs(counts[0]! - mass)).toBeLessThan(2);
    expect(Math.abs(counts[1]! - mass)).toBeLessThan(2);
  });
});
