/** A pointer readout stays inside its pane: beside the pointer, flipped at the right and bottom edges. */
import { describe, expect, it } from 'vitest';
import { placeReadout } from '../../src-renderer/src/lib/readout-place';

const size = { width: 120, height: 20 };
const pane = { width: 400, height: 300 };

describe('placeReadout', () => {
  it('goes 14 px below and right of the pointer where it fits', () => {
    expect(placeReadout({ x: 100, y: 50 }, size, pane)).toEqual({ left: 114, top: 64 });
  });
  it('flips to the left of the pointer near the right edge, above it near the bottom', () => {
    // 390 + 14 + 120 > 400: left = 390 − 14 − 120; 290 + 14 + 20 > 300: top = 290 − 14 − 20.
    expect(placeReadout({ x: 390, y: 290 }, size, pane)).toEqual({ left: 256, top: 256 });
  });
  it('never crosses an edge: a readout wider than the pane starts at its left', () => {
    expect(placeReadout({ x: 20, y: 10 }, { width: 500, height: 20 }, pane)).toEqual({ left: 0, top: 24 });
    // Fits neither below (5 + 14 + 290 > 300) nor above (5 − 14 − 290 < 0): its top at the pane's top.
    expect(placeReadout({ x: 60, y: 5 }, { width: 120, height: 290 }, pane)).toEqual({ left: 74, top: 0 });
  });
});
