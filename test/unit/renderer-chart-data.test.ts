/** The charts' columns and ranges against hand-made cases. */
import { describe, expect, it } from 'vitest';
import { canLog, extent, joinRuns, yRange } from '../../src-renderer/src/lib/chart-data';
import { chartData, chartsFor } from '../../src-renderer/src/lib/chart-series';

describe('joinRuns', () => {
  it('aligns runs sampled at different x, with gaps where a run has no point', () => {
    const cols = joinRuns(
      [
        [0, 10, 20],
        [0, 5, 20],
      ],
      [
        [3, 2, 1],
        [9, 8, 7],
      ],
      false,
    );
    expect(cols).toEqual([
      [0, 5, 10, 20],
      [3, null, 2, 1],
      [9, 8, null, 7],
    ]);
  });

  it('drops values a log axis cannot show, and non-finite ones always', () => {
    expect(joinRuns([[1, 2, 3, 4]], [[1e-3, 0, NaN, Infinity]], true)).toEqual([
      [1, 2, 3, 4],
      [1e-3, null, null, null],
    ]);
    expect(joinRuns([[1, 2]], [[-1, 0]], false)).toEqual([
      [1, 2],
      [-1, 0],
    ]);
  });
});

describe('ranges', () => {
  it('clamps a log axis to the decades the data reach', () => {
    expect(yRange(3.2e-30, 13, true)).toEqual([1e-30, 100]);
    expect(yRange(0.5, 0.5, true)).toEqual([0.1, 1]);
    // A loss that underflowed to a denormal still gets a positive lower end (10^−324 would be 0).
    expect(yRange(5e-324, 1, true)).toEqual([1e-300, 1]);
    expect(
      extent([
        [0, 1, 2],
        [null, 4e-7, 2],
        [5, null, null],
      ]),
    ).toEqual([4e-7, 5]);
    expect(extent([[0], [null]])).toBeNull();
  });

  it('pads a linear axis by 5 %, and opens a flat line', () => {
    expect(yRange(-1, 1, false)).toEqual([-1.1, 1.1]);
    expect(yRange(2, 2, false)).toEqual([1.8, 2.2]);
    expect(yRange(0, 0, false)).toEqual([-1, 1]);
  });

  it('uses a log axis only for values that are all ≥ 0, some > 0', () => {
    expect(canLog([[1, 0.1], [0]])).toBe(true);
    expect(canLog([[1, -0.1]])).toBe(false);
    expect(canLog([[0, 0]])).toBe(false);
  });
});

describe("the loss chart's bands", () => {
  it('puts each run’s low and high edges after the lines, on the same x', () => {
    const track = (t: number[], loss: number[], lossMin: number[], lossMax: number[]) => ({
      ...{ t, examples: t, tau: t, lr: t.map(() => 1), loss, lossMin, lossMax },
      ...{ testLoss: [], accuracy: [], testAccuracy: [], sharpness: [] },
    });
    const data = chartData(
      [track([0, 10], [4, 2], [3, 1], [5, 3]), track([0, 5, 10], [8, 6, 3], [7, 5, 0], [9, 7, 4])],
      chartsFor(null)[0]!,
      't',
    );
    expect(data.log).toBe(true);
    const cols = data.columns;
    expect(cols).toEqual([
      [0, 5, 10],
      [4, null, 2],
      [8, 6, 3],
      [3, null, 1],
      // A low edge of 0 cannot be on a log axis: a gap.
      [7, 5, null],
      [5, null, 3],
      [9, 7, 4],
    ]);
    // The y extent covers the bands, not only the lines.
    expect(extent(cols)).toEqual([1, 9]);
  });
});
