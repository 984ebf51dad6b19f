/**
 * The interpolation chart between two runs' ends: the loss barrier (the largest excess of L(s) over
 * the straight line between the ends' losses) and the chart's scaling, against values by hand.
 */
import { describe, expect, it } from 'vitest';
import { LINE_POINTS, lineScale, lossAt, lossBarrier, polyline } from '../../src-renderer/src/lib/plane-line';
import { linspace } from '../../shared/landscape/grid';

const s = [-0.25, 0, 0.5, 1, 1.25];

describe('interpolation line', () => {
  it('measures the barrier between the ends over s ∈ [0, 1]', () => {
    // L(0) = 1, L(1) = 2: the straight line is 1.5 at s = 0.5, where L = 2.5: barrier 1.
    expect(lossBarrier({ s, loss: [3, 1, 2.5, 2, 4] })).toBeCloseTo(1, 14);
    // L(0.5) = 1.2 under the straight line (excess −0.3): the ends' 0 is the largest: connected.
    expect(lossBarrier({ s, loss: [3, 1, 1.2, 2, 4] })).toBe(0);
    // The points outside [0, 1] (L = 3 and 4) never count.
    expect(lossBarrier({ s, loss: [9, 1, 1, 1, 9] })).toBe(0);
  });

  it('reads the loss at s = 0, ½ and 1, points of the lab’s line (s = −0.25 + 0.025·i: i = 10, 30, 50)', () => {
    const s = linspace(-0.25, 1.25, LINE_POINTS);
    const loss = s.map((_, i) => 100 + i);
    expect([lossAt({ s, loss }, 0), lossAt({ s, loss }, 0.5), lossAt({ s, loss }, 1)]).toEqual([110, 130, 150]);
    expect(lossAt({ s, loss }, 0.51)).toBeNaN();
  });

  it('scales s and L into the picture, leaving out what is not finite', () => {
    const line = { s, loss: [3, 1, 2.5, 2, 4], testLoss: [NaN, 1.5, 2, 2, 3] };
    const scale = lineScale(line, 100, 50, 10);
    // s from −0.25 to 1.25 over x 10…90: s = 0.5 is at 10 + (0.75/1.5)·80 = 50.
    expect(scale.x(-0.25)).toBe(10);
    expect(scale.x(0.5)).toBe(50);
    expect(scale.x(1.25)).toBe(90);
    // L from 1 to 4 (both curves' finite values) over y 40…10 (up).
    expect([scale.min, scale.max]).toEqual([1, 4]);
    expect(scale.y(1)).toBe(40);
    expect(scale.y(4)).toBe(10);
    expect(scale.y(2.5)).toBe(25);
    expect(polyline(s, line.testLoss, scale)).toBe('23.3,35.0 50.0,30.0 76.7,30.0 90.0,20.0');
  });
});
