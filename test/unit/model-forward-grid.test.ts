/**
 * The decision function's picture (src-renderer/src/lib/decision-grid.ts), from the
 * forward pass on a grid: cell colours against the mixing rule derived by hand for a logistic network
 * z = x₁ (σ(z) − ½ = ½ tanh(z/2)) and a softmax one, a linear network's fitted curve, and the output
 * units read back from Φ's length.
 */
import { describe, expect, it } from 'vitest';
import { ModelForward } from '../../shared/model/forward';
import {
  cellCentre,
  decisionImage,
  fittedCurve,
  outputsFromDims,
  paddedRange,
} from '../../src-renderer/src/lib/decision-grid';

const NEUTRAL = [232, 234, 237];
const ORANGE = [0xf5, 0x93, 0x22];
const BLUE = [0x08, 0x77, 0xbd];
const GREEN = [0x2c, 0xa0, 0x2c];
const mix = (c: number[], s: number) => c.map((v, ch) => NEUTRAL[ch]! + 0.8 * s * (v - NEUTRAL[ch]!));
const box = { x: [-1, 1] as [number, number], y: [-1, 1] as [number, number] };

describe('decision picture', () => {
  it('cell centres run left to right, top to bottom', () => {
    expect(cellCentre(box, 4, 0, 0)).toEqual([-0.75, 0.75]);
    expect(cellCentre(box, 4, 3, 2)).toEqual([0.25, -0.75]);
  });

  it('logistic z = x₁: class 1 (blue) right of 0, confidence s = |tanh(x₁/2)|', () => {
    const net = new ModelForward({ hidden: [], activation: 'tanh', output: 'logistic' }, 2, 2);
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    decisionImage(net, [1, 0, 0], 0, box, 4, rgba);
    for (const [j, x1] of [
      [0, -0.75],
      [1, -0.25],
      [2, 0.25],
      [3, 0.75],
    ] as const) {
      const want = mix(x1 > 0 ? BLUE : ORANGE, Math.abs(Math.tanh(x1 / 2)));
      for (let i = 0; i < 4; i++)
        for (let ch = 0; ch < 3; ch++)
          expect(Math.abs(rgba[4 * (i * 4 + j) + ch]! - want[ch]!)).toBeLessThanOrEqual(0.5);
      expect(rgba[4 * j + 3]).toBe(255);
    }
  });

  it('softmax z = (x₁, x₂, 0): the likeliest class, s = (p − ⅓)/(1 − ⅓)', () => {
    // W = [[1, 0, 0], [0, 1, 0]], b = 0. Cell (0, 3) at (0.75, 0.75): z = (0.75, 0.75, 0), class 0 first.
    const net = new ModelForward({ hidden: [], activation: 'tanh', output: 'softmax' }, 2, 3);
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    decisionImage(net, [1, 0, 0, 0, 1, 0, 0, 0, 0], 0, box, 4, rgba);
    const e = Math.exp(0.75);
    const top = (p: number) => (p - 1 / 3) / (2 / 3);
    const check = (i: number, j: number, want: number[]) => {
      for (let ch = 0; ch < 3; ch++) expect(Math.abs(rgba[4 * (i * 4 + j) + ch]! - want[ch]!)).toBeLessThanOrEqual(0.5);
    };
    check(0, 3, mix(ORANGE, top(e / (2 * e + 1))));
    // Cell (3, 0) at (−0.75, −0.75): z = (−0.75, −0.75, 0), class 2 (green) with p = 1/(2e⁻⁰·⁷⁵ + 1).
    check(3, 0, mix(GREEN, top(1 / (2 / e + 1))));
    // Cell (0, 0) at (−0.75, 0.75): class 1 (blue), p = e/(e + e⁻⁰·⁷⁵ + 1).
    check(0, 0, mix(BLUE, top(e / (e + 1 / e + 1))));
  });

  it('a linear network’s fitted curve: z = 2x + 1 at evenly spaced x', () => {
    const net = new ModelForward({ hidden: [], activation: 'tanh', output: 'linear' }, 1, 1);
    const { x, y } = fittedCurve(net, [2, 1], 0, [-1, 1], 3);
    expect(Array.from(x)).toEqual([-1, 0, 1]);
    expect(Array.from(y)).toEqual([-1, 1, 3]);
  });

  it('output units from Φ’s length: D = D₀ + (w + 1)·K', () => {
    const moons = { hidden: [16, 16], activation: 'tanh' as const, output: 'logistic' as const };
    expect(outputsFromDims(moons, 2, 3 * 16 + 17 * 16 + 17)).toBe(1);
    expect(outputsFromDims({ ...moons, hidden: [8], output: 'softmax' }, 4, 5 * 8 + 9 * 3)).toBe(3);
    expect(outputsFromDims({ ...moons, hidden: [], output: 'linear' }, 1, 2 * 2)).toBe(2);
    expect(outputsFromDims(moons, 2, 338)).toBeNull();
  });

  it('ranges pad by 10 % of the width, and a single value by 1', () => {
    expect(paddedRange([0, 5, 10, -3], 0, 2)).toEqual([-1, 11]);
    expect(paddedRange([2, 2], 0, 1)).toEqual([1, 3]);
  });
});
