/**
 * The plane kernel's tanh (src-main/landscape/fast-tanh.ts) against Math.tanh: within 1e-15 absolutely
 * over a dense grid of [−25, 25] and over powers of two from 2⁻⁶⁰ to 2⁵ of either sign, ±1 beyond,
 * NaN kept; and a 2-16-16-1 tanh network's plane (the bench's two-moons shape) within 1e-13 relatively
 * of a float64 network written here with Math.tanh.
 */
import { describe, expect, it } from 'vitest';
import type { ModelData } from '../../shared/data/model-data';
import type { Model } from '../../shared/experiment/experiment';
import { modelLayout } from '../../shared/model/layout';
import { tanhFast } from '../../src-main/landscape/fast-tanh';
import { PlaneKernel } from '../../src-main/landscape/plane-kernel';

describe('tanhFast', () => {
  it('is within 1e-15 of Math.tanh over a dense grid and over powers of two', () => {
    let worst = 0;
    for (let i = -2_500_000; i <= 2_500_000; i++) {
      const x = i * 1e-5;
      worst = Math.max(worst, Math.abs(tanhFast(x) - Math.tanh(x)));
    }
    for (let e = -60; e <= 5; e += 1 / 1024)
      for (const x of [2 ** e, -(2 ** e)]) worst = Math.max(worst, Math.abs(tanhFast(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(1e-15);
  });

  it('is ±1 beyond 20, 0 at 0, and NaN at NaN', () => {
    for (const x of [20.5, 30, 1e300, Infinity]) {
      expect(tanhFast(x)).toBe(1);
      expect(tanhFast(-x)).toBe(-1);
    }
    expect(tanhFast(0)).toBe(0);
    expect(tanhFast(NaN)).toBeNaN();
  });
});

describe('the plane kernel with tanhFast', () => {
  it('gives a 2-16-16-1 tanh plane within 1e-13 of a Math.tanh network', () => {
    const model: Model = { hidden: [16, 16], activation: 'tanh', output: 'logistic' };
    const wave = (i: number) => Math.sin(i * 12.9898 + 1) * 0.9;
    const n = 200;
    const data: ModelData = {
      train: {
        x: Float64Array.from({ length: 2 * n }, (_, i) => 1.5 * wave(i)),
        y: Int32Array.from({ length: n }, (_, i) => (i * 7) % 2),
        n,
        inputs: 2,
        classes: 2,
        inputNames: [],
        targetNames: [],
      },
      test: null,
      standardization: null,
    };
    const layout = modelLayout(model, 2, 1);
    const D = layout.D;
    const plane = {
      kind: 'random' as const,
      center: Float64Array.from({ length: D }, (_, i) => wave(i + 11)),
      d1: Float64Array.from({ length: D }, (_, i) => wave(i + 500)),
      d2: Float64Array.from({ length: D }, (_, i) => wave(i + 900)),
    };
    const kernel = new PlaneKernel(model, layout, data, plane);
    const widths = [2, 16, 16, 1];
    /** SPEC §13: z = h W + b per layer (W[j][k] at j·fanOut + k, then b), tanh on hidden layers; logistic loss. */
    const reference = (phi: Float64Array) => {
      let total = 0;
      for (let r = 0; r < n; r++) {
        let h = [data.train.x[2 * r]!, data.train.x[2 * r + 1]!];
        let at = 0;
        for (let l = 0; l < 3; l++) {
          const [fi, fo] = [widths[l]!, widths[l + 1]!];
          const z = Array.from({ length: fo }, (_, k) =>
            h.reduce((s, v, j) => s + v * phi[at + j * fo + k]!, phi[at + fi * fo + k]!),
          );
          at += (fi + 1) * fo;
          h = l < 2 ? z.map(Math.tanh) : z;
        }
        const y = data.train.y[r]!;
        total += Math.log1p(Math.exp(h[0]!)) - y * h[0]!;
      }
      return total / n;
    };
    let worst = 0;
    for (const a of [-2, -0.5, 0, 0.7, 3])
      for (const b of [-1.5, 0, 0.25, 2]) {
        const phi = plane.center.map((c, d) => c + a * plane.d1[d]! + b * plane.d2[d]!);
        const ref = reference(phi);
        worst = Math.max(worst, Math.abs(kernel.loss(a, b, false) - ref) / Math.abs(ref));
      }
    expect(worst).toBeLessThan(1e-13);
  });
});
