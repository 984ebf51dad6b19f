/**
 * Instant mode's record and what is sent of it (shared/contract/instant-record.ts): the grid (every
 * step of a small run, fewer rows for a 10⁴ cloud), the thinning on a straight line by hand, and the
 * drawn path at screen resolution: plain SGD on Rosenbrock computed here in float64 (Φ ← Φ − η∇L,
 * ∇L = (−2(1 − x) − 400x(y − x²), 200(y − x²))), every one of its 5,001 points, drawn as a 2.5 px line
 * at 1,000 px across the domain beside the thinned path: they differ in a handful of pixels.
 */
import { describe, expect, it } from 'vitest';
import {
  BACKBONE,
  frameAt,
  historyOf,
  RECORD_STATS,
  recordEvery,
  recordSteps,
  thinIndices,
  type InstantRecord,
} from '../../shared/contract/instant-record';

const S = RECORD_STATS.length;

/** A record of 2-D points (t = row, the statistics a function of t). */
function recordOf(points: [number, number][]): InstantRecord {
  const width = S + 2;
  const values = new Float64Array(points.length * width);
  points.forEach(([x, y], t) => values.set([t, 0.1, t * 2, t, t * 3, t, t * 0.1, x, y], t * width));
  return { dims: 2, rows: points.length, every: 1, values };
}

/** Plain SGD on Rosenbrock from `start`, every step (float64). */
function sgdRosenbrock(lr: number, steps: number, start: [number, number]): [number, number][] {
  const out: [number, number][] = [start];
  let [x, y] = start;
  for (let t = 0; t < steps; t++) {
    const gx = -2 * (1 - x) - 400 * x * (y - x * x);
    const gy = 200 * (y - x * x);
    [x, y] = [x - lr * gx, y - lr * gy];
    out.push([x, y]);
  }
  return out;
}

/** The pixels (of a `size`² picture of `domain`) within `width`/2 px of the polyline through `points`. */
function raster(points: [number, number][], domain: [number, number][], size: number, width: number): Set<number> {
  const px = points.map(([x, y]) => [
    ((x - domain[0]![0]) / (domain[0]![1] - domain[0]![0])) * size,
    ((y - domain[1]![0]) / (domain[1]![1] - domain[1]![0])) * size,
  ]);
  const on = new Set<number>();
  const r = width / 2;
  for (let i = 1; i < px.length; i++) {
    const [ax, ay] = px[i - 1]!;
    const [bx, by] = px[i]!;
    const [dx, dy] = [bx! - ax!, by! - ay!];
    const len2 = dx * dx + dy * dy;
    for (let j = Math.floor(Math.min(ay!, by!) - r); j <= Math.ceil(Math.max(ay!, by!) + r); j++)
      for (let k = Math.floor(Math.min(ax!, bx!) - r); k <= Math.ceil(Math.max(ax!, bx!) + r); k++) {
        const [cx, cy] = [k + 0.5, j + 0.5];
        const s = len2 > 0 ? Math.max(0, Math.min(1, ((cx - ax!) * dx + (cy - ay!) * dy) / len2)) : 0;
        if (Math.hypot(cx - ax! - s * dx, cy - ay! - s * dy) <= r && k >= 0 && j >= 0 && k < size && j < size)
          on.add(j * size + k);
      }
  }
  return on;
}

describe('instant record', () => {
  it('reads every step of a small run, fewer rows of a large cloud', () => {
    expect(recordEvery(5000, 1)).toBe(1);
    expect(recordEvery(5000, 100)).toBe(1);
    expect(recordEvery(20_000, 1)).toBe(1);
    expect(recordEvery(40_000, 1)).toBe(2);
    // 10⁴ particles: at most 2,000 rows (2·10⁷ particle-reads / 10⁴), so every ⌈5000 / 1999⌉ = 3rd step.
    expect(recordEvery(5000, 10_000)).toBe(3);
    expect(recordSteps(10, 3)).toEqual([0, 3, 6, 9, 10]);
  });

  it('keeps points at least minStep apart on a straight line, and an even backbone', () => {
    // x from −1 by 1/1024 a step over the domain [−1, 1] (scale 1), minStep 4/1024: every 4th point
    // (the backbone, every ⌈2048 / 256⌉ = 8th, among them), and the last.
    const line = Array.from({ length: 2048 }, (_, i): [number, number] => [-1 + i / 1024, 0]);
    const kept = thinIndices(
      recordOf(line),
      [
        [-1, 1],
        [-1, 1],
      ],
      4 / 1024,
    );
    expect(kept).toEqual([...Array.from({ length: 512 }, (_, i) => 4 * i), 2047]);
    // A point standing still: only the backbone (every ⌈rows / 256⌉-th) and the last row.
    const still = Array.from({ length: 2560 }, (): [number, number] => [0.5, 0.5]);
    const stride = Math.ceil(2560 / BACKBONE);
    const expected = Array.from({ length: BACKBONE }, (_, i) => i * stride);
    expect(
      thinIndices(recordOf(still), [
        [-1, 1],
        [-1, 1],
      ]),
    ).toEqual([...expected, 2559]);
  });

  it('sends the rows kept as a history, and any row exactly as a frame', () => {
    const rec = recordOf([
      [0, 0],
      [0.25, 0.5],
      [1, 1],
    ]);
    const h = historyOf(rec, [0, 2]);
    expect(h).toEqual({
      t: [0, 2],
      lr: [0.1, 0.1],
      loss: [0, 4],
      lossMin: [0, 2],
      lossMax: [0, 6],
      examples: [0, 2],
      tau: [0, 0.2],
      dims: 2,
      path: [0, 0, 1, 1],
    });
    const f = frameAt(rec, 1, 3);
    expect([f.run, f.t, f.loss, f.lossMax, f.tau, ...f.positions]).toEqual([3, 1, 2, 3, 0.1, 0.25, 0.5]);
  });

  it('draws the thinned Rosenbrock path as the full one at 1,000 px (≤ 0.5 % of its pixels differ)', () => {
    const domain: [number, number][] = [
      [-2, 2],
      [-1, 3],
    ];
    for (const lr of [5e-4, 2e-3]) {
      const full = sgdRosenbrock(lr, 5000, [-1.5, 2]);
      const kept = thinIndices(recordOf(full), domain);
      const thin = kept.map((i) => full[i]!);
      const [a, b] = [raster(full, domain, 1000, 2.5), raster(thin, domain, 1000, 2.5)];
      let differ = 0;
      for (const p of a) if (!b.has(p)) differ++;
      for (const p of b) if (!a.has(p)) differ++;
      console.log(`η ${lr}: ${kept.length} of 5,001 points sent; ${differ} of ${a.size} path pixels differ`);
      expect(kept.length).toBeLessThan(1000);
      expect(differ).toBeLessThanOrEqual(0.005 * a.size);
    }
  });
});
