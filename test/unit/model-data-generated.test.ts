/**
 * The generated sets of a model (SPEC §13) against their formulas: each point where its class's curve
 * says at noise 0, classes balanced, the noise's sd, the draw order from the seed (a reference written
 * here from the doc comment), determinism, and standardization computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { drawGeneratedSet, type DrawnExamples } from '../../shared/data/generated-sets';
import { isLabeled, type ModelExamples } from '../../shared/data/model-data';
import { Rng } from '../../shared/data/prng';
import { splitModelData } from '../../shared/data/split';
import { GeneratedSetSchema } from '../../shared/experiment/model-data-schema';

const draw = (spec: object, seed = 7) => drawGeneratedSet(GeneratedSetSchema.parse(spec), seed);
const point = (d: DrawnExamples, i: number): [number, number] => [d.x[2 * i]!, d.x[2 * i + 1]!];
const counts = (d: DrawnExamples) => {
  const c = new Array<number>(d.classes!).fill(0);
  for (const y of d.y) c[y]!++;
  return c;
};
/** The angle of a point's direction, mapped to [0, 2π). */
const angle = (x: number, y: number) => (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
const sdOf = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)] as const;
};

describe('generated sets at noise 0 lie on their formulas', () => {
  it('two-moons: balanced, each point at distance 1 from its moon’s centre, θ uniform on [0, π]', () => {
    const d = draw({ dataset: 'two-moons', n: 1000, noise: 0 });
    expect(counts(d)).toEqual([500, 500]);
    const thetas: number[] = [];
    for (let i = 0; i < d.count; i++) {
      const [a, b] = point(d, i);
      const [cx, cy] = d.y[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(a - cx, b - cy)).toBeCloseTo(1, 12);
      // Upper moon above its centre (sin θ ≥ 0), lower moon below.
      if (d.y[i] === 0) expect(b).toBeGreaterThanOrEqual(0);
      else expect(b).toBeLessThanOrEqual(0.5);
      thetas.push(d.y[i] === 0 ? Math.atan2(b, a) : Math.atan2(0.5 - b, 1 - a));
    }
    const [mean, sd] = sdOf(thetas);
    // U[0, π]: mean π/2 (its sd over 1000 draws ≈ 0.029), sd π/√12 ≈ 0.907.
    expect(Math.abs(mean - Math.PI / 2)).toBeLessThan(0.12);
    expect(sd).toBeCloseTo(Math.PI / Math.sqrt(12), 1);
  });

  it('circles: class 0 on the unit circle, class 1 on radius 0.5', () => {
    const d = draw({ dataset: 'circles', n: 501, noise: 0 });
    expect(counts(d)).toEqual([251, 250]);
    for (let i = 0; i < d.count; i++) expect(Math.hypot(...point(d, i))).toBeCloseTo(d.y[i] === 0 ? 1 : 0.5, 12);
  });

  it('xor: labels 1 exactly where the signs differ, points uniform on [−1, 1]²', () => {
    const d = draw({ dataset: 'xor', n: 4000, noise: 0 });
    for (let i = 0; i < d.count; i++) {
      const [a, b] = point(d, i);
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(1);
      expect(d.y[i]).toBe(a * b < 0 ? 1 : 0);
    }
    // Each label has probability ½: 2000 ± 3·√1000.
    expect(Math.abs(counts(d)[1]! - 2000)).toBeLessThan(95);
  });

  it('spirals: radius t, angle 4πt + πc', () => {
    const d = draw({ dataset: 'spirals', n: 600, noise: 0 });
    expect(counts(d)).toEqual([300, 300]);
    for (let i = 0; i < d.count; i++) {
      const [a, b] = point(d, i);
      const t = Math.hypot(a, b);
      if (t < 1e-9) continue;
      const expected = (4 * Math.PI * t + Math.PI * d.y[i]!) % (2 * Math.PI);
      const diff = Math.abs(angle(a, b) - expected);
      expect(Math.min(diff, 2 * Math.PI - diff)).toBeLessThan(1e-9);
    }
  });

  it('blobs: K classes at the centres (cos 2πc/K, sin 2πc/K); noise σ around them', () => {
    const d = draw({ dataset: 'blobs', n: 10, noise: 0, classes: 5 });
    expect(d.classes).toBe(5);
    for (let i = 0; i < d.count; i++) {
      const c = d.y[i]!;
      expect(c).toBe(i % 5);
      expect(point(d, i)[0]).toBeCloseTo(Math.cos((2 * Math.PI * c) / 5), 14);
      expect(point(d, i)[1]).toBeCloseTo(Math.sin((2 * Math.PI * c) / 5), 14);
    }
    const noisy = draw({ dataset: 'blobs', n: 6000, noise: 0.3 });
    expect(noisy.classes).toBe(3);
    const offsets = Array.from(
      { length: noisy.count },
      (_, i) => noisy.x[2 * i]! - Math.cos((2 * Math.PI * (i % 3)) / 3),
    );
    const [m, sd] = sdOf(offsets);
    expect(Math.abs(m)).toBeLessThan(0.015); // its sd: 0.3/√6000 ≈ 0.004
    expect(sd).toBeCloseTo(0.3, 2);
  });

  it('sine: y = sin x on [−π, π] at noise 0; y − sin x has sd σ with noise', () => {
    const d = draw({ dataset: 'sine', n: 200, noise: 0 });
    expect(d.inputs).toBe(1);
    expect(d.outputs).toBe(1);
    for (let i = 0; i < d.count; i++) {
      expect(Math.abs(d.x[i]!)).toBeLessThanOrEqual(Math.PI);
      expect(d.y[i]).toBe(Math.sin(d.x[i]!));
    }
    const noisy = draw({ dataset: 'sine', n: 20000, noise: 0.25 });
    const [m, sd] = sdOf(Array.from(noisy.x, (x, i) => noisy.y[i]! - Math.sin(x)));
    expect(Math.abs(m)).toBeLessThan(0.006); // 0.25/√20000 ≈ 0.0018
    expect(sd).toBeCloseTo(0.25, 2);
  });
});

describe('generated sets from the seed', () => {
  it('draws in the documented order: u for θ, then the two noise normals, class i mod 2', () => {
    const rng = new Rng(123);
    const ref: number[] = [];
    for (let i = 0; i < 3; i++) {
      const theta = Math.PI * rng.uniform();
      const [a, b] = i % 2 === 0 ? [Math.cos(theta), Math.sin(theta)] : [1 - Math.cos(theta), 0.5 - Math.sin(theta)];
      ref.push(a + 0.15 * rng.normal(), b + 0.15 * rng.normal());
    }
    const d = draw({ dataset: 'two-moons', n: 2, noise: 0.15, test: 1 }, 123);
    expect(Array.from(d.x)).toEqual(ref);
  });

  it('is fixed by the seed, and the test size never changes the training rows', () => {
    const a = draw({ dataset: 'spirals', n: 100, noise: 0.1 }, 5);
    const b = draw({ dataset: 'spirals', n: 100, noise: 0.1 }, 5);
    const c = draw({ dataset: 'spirals', n: 100, noise: 0.1 }, 6);
    const withTest = draw({ dataset: 'spirals', n: 100, noise: 0.1, test: 50 }, 5);
    expect(b.x).toEqual(a.x);
    expect(c.x).not.toEqual(a.x);
    expect(withTest.count).toBe(150);
    expect(withTest.x.slice(0, 200)).toEqual(a.x);
  });
});

describe('split and standardization', () => {
  const all: DrawnExamples = {
    count: 5,
    inputs: 2,
    // Training rows (1, 10), (3, 10), (5, 10); test rows (7, 10), (3, 11).
    x: Float64Array.from([1, 10, 3, 10, 5, 10, 7, 10, 3, 11]),
    inputNames: ['a', 'b'],
    y: Int32Array.from([0, 1, 0, 1, 1]),
    classes: 2,
    targetNames: ['label'],
  };
  it('standardizes with the training rows’ mean and sd (divisor n; sd 0 kept as 1)', () => {
    const data = splitModelData(all, 3, 2, true);
    const sd = Math.sqrt(8 / 3); // ((1 − 3)² + 0 + (5 − 3)²)/3 = 8/3
    expect(data.standardization).toEqual({ mean: [3, 10], sd: [sd, 1] });
    expect(Array.from(data.train.x)).toEqual([-2 / sd, 0, 0, 0, 2 / sd, 0]);
    expect(Array.from(data.test!.x)).toEqual([4 / sd, 0, 0, 1]);
    expect(Array.from(data.train.y)).toEqual([0, 1, 0]);
    expect(Array.from(data.test!.y)).toEqual([1, 1]);
    const test: ModelExamples = data.test!;
    expect(isLabeled(test) && test.classes).toBe(2);
    // The drawn rows stay as they were.
    expect(all.x[0]).toBe(1);
  });
  it('leaves the inputs alone without standardize, and test null without test rows', () => {
    const data = splitModelData(all, 5, 0, false);
    expect(data.standardization).toBeNull();
    expect(data.test).toBeNull();
    expect(Array.from(data.train.x)).toEqual(Array.from(all.x));
  });
});
