/** A start point dragged on the surface: rounded for the experiment file, and which handle is grabbed. */
import { describe, expect, it } from 'vitest';
import { nearestWithin, roundStart } from '../../src-renderer/src/lib/start-point';

describe('roundStart', () => {
  it('rounds each axis to a thousandth of its range, in decimals without binary noise', () => {
    expect(
      roundStart(
        [1.23456789, -0.30000000000000004],
        [
          [-2, 2],
          [-1, 3],
        ],
      ),
    ).toEqual([1.235, -0.3]);
    expect(roundStart([123.456], [[0, 5000]])).toEqual([123]);
    expect(roundStart([0.000123456], [[0, 0.01]])).toEqual([0.00012]);
  });
});

describe('nearestWithin', () => {
  it('takes the closest point inside the radius, none outside it', () => {
    const points = [{ x: 10, y: 10 }, null, { x: 14, y: 10 }];
    expect(nearestWithin(points, 13, 10, 12)).toBe(2);
    expect(nearestWithin(points, 10, 11, 12)).toBe(0);
    expect(nearestWithin(points, 100, 100, 12)).toBe(-1);
  });
});
