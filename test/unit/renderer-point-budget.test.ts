import { describe, expect, it } from 'vitest';
import { shareBudget } from '../../src-renderer/src/scene/point-budget';

describe('shareBudget: a point budget shared fairly between runs', () => {
  it('gives every run all its particles when they fit, or with no budget', () => {
    expect(shareBudget([100, 2000, 1], 12_000)).toEqual([100, 2000, 1]);
    expect(shareBudget([50_000, 70_000], Infinity)).toEqual([50_000, 70_000]);
  });

  it('splits equally between runs that all need more than their share', () => {
    expect(shareBudget([10_000, 10_000, 10_000, 10_000, 10_000, 10_000], 12_000)).toEqual([
      2000, 2000, 2000, 2000, 2000, 2000,
    ]);
  });

  it('gives what a small run leaves to the others (water filling), never more than a run has', () => {
    // 1 + 500 fit; the 11,499 left go half and half to the two large runs.
    expect(shareBudget([10_000, 1, 500, 50_000], 12_000)).toEqual([5749, 1, 500, 5749]);
    const counts = [3, 7000, 100, 9000, 20];
    const shares = shareBudget(counts, 6000);
    shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(counts[i]!));
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(6000 - counts.length);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6000);
    expect(shares[1]).toBe(shares[3]);
  });

  it('draws nothing with a zero budget and counts no negative run', () => {
    expect(shareBudget([10, 20], 0)).toEqual([0, 0]);
    expect(shareBudget([-5, 20], 10)).toEqual([0, 10]);
    expect(shareBudget([], 100)).toEqual([]);
  });
});
