/**
 * The lab's PCA plane before the paths have spread (src-main/landscape/live-plane.ts): at t = 0 every
 * run is at its start and PCA of unmoved paths has no directions, so the random filter-normalized plane
 * stands in (Li et al. 2018: each unit's incoming weights of a direction rescaled to the norm of the
 * center's, biases 0; checked here column by column), also while the paths lie on one line; once three
 * points span a plane, PCA is back, and its two directions explain all of their variance (three points
 * lie in a 2-D affine plane: the shares add up to 1).
 */
import { describe, expect, it } from 'vitest';
import type { LayerShape, RecordedPath } from '../../shared/landscape/types';
import { frameLivePlane } from '../../src-main/landscape/live-plane';

/** A 2-3-1 network: W₁ 2 × 3 (offsets 0–5), b₁ (6–8), W₂ 3 × 1 (9–11), b₂ (12). */
const layers: LayerShape[] = [
  { fanIn: 2, fanOut: 3 },
  { fanIn: 3, fanOut: 1 },
];
const D = 13;
const start = Float64Array.from({ length: D }, (_, i) => Math.sin(1.7 * i + 0.3));
const path = (points: Float64Array[]): RecordedPath => ({ name: 'r', t: [], points, final: points.at(-1)! });
const moved = (by: number[]) => start.map((x, i) => x + (by[i] ?? 0));

/** ‖column k of a layer's W‖ in Φ (W[j][k] at offset + j·fanOut + k). */
function columnNorm(phi: Float64Array, offset: number, { fanIn, fanOut }: LayerShape, k: number): number {
  let s = 0;
  for (let j = 0; j < fanIn; j++) s += phi[offset + j * fanOut + k]! ** 2;
  return Math.sqrt(s);
}

function expectFilterNormalized(d: Float64Array): void {
  let offset = 0;
  for (const layer of layers) {
    for (let k = 0; k < layer.fanOut; k++)
      expect(columnNorm(d, offset, layer, k)).toBeCloseTo(columnNorm(start, offset, layer, k), 12);
    const biases = d.subarray(offset + layer.fanIn * layer.fanOut, offset + (layer.fanIn + 1) * layer.fanOut);
    expect(Array.from(biases)).toEqual(new Array(layer.fanOut).fill(0));
    offset += (layer.fanIn + 1) * layer.fanOut;
  }
}

describe('the live PCA plane before the paths spread', () => {
  it('at t = 0 (three runs at the start): the random filter-normalized plane through the start', () => {
    // The mean of three equal points is off by rounding (x/3 added thrice): PCA sees noise, not a spread.
    const paths = [path([start]), path([start]), path([start])];
    const framed = frameLivePlane({ paths, D, layers, request: { kind: 'pca' } });
    expect(framed.plane.kind).toBe('random');
    expect(framed.explained).toBeUndefined();
    expect(Array.from(framed.plane.center)).toEqual(Array.from(start));
    expectFilterNormalized(framed.plane.d1);
    expectFilterNormalized(framed.plane.d2);
    expect(framed.alphaRange).toEqual([-1, 1]);
  });

  it('paths on one line: still random (no second direction)', () => {
    const line = [start, moved([0.1, 0.2]), moved([0.3, 0.6])];
    const framed = frameLivePlane({ paths: [path(line), path([start])], D, layers, request: { kind: 'pca' } });
    expect(framed.plane.kind).toBe('random');
  });

  it('three points spanning a plane: PCA, its two directions explaining all the variance', () => {
    const paths = [path([start, moved([0.1, 0.2])]), path([start, moved([0, 0, 0.3])])];
    const framed = frameLivePlane({ paths, D, layers, request: { kind: 'pca' } });
    expect(framed.plane.kind).toBe('pca');
    const [e1, e2] = framed.explained!;
    expect(e2).toBeGreaterThan(0);
    expect(e1 + e2).toBeCloseTo(1, 12);
  });
});
