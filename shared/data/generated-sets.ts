/**
 * The generated data sets of a model (SPEC §13): drawn from the experiment's seed with the project's
 * generator (prng.ts: one xoshiro128** stream, uniforms u ∈ [0, 1), normals z by Box–Muller, as
 * generate.ts draws). Example i, for i = 0 … count − 1, takes its draws in this order: the uniforms
 * of its clean point, then its noise normals; its class is c = i mod K (balanced to within one per
 * class) except for xor, whose class is the quadrant's. Training and test examples are one stream:
 * the first n are the training set, the next `test` the test set, so the test size never changes
 * the training examples. Pure: no Node, no DOM.
 */
import { DEFAULT_BLOBS, type GeneratedSetSpec } from '../experiment/model-data-schema';
import { Rng } from './prng';

/** Examples before the split: `count` rows of `inputs` numbers and their labels or values. */
export interface DrawnExamples {
  count: number;
  inputs: number;
  x: Float64Array;
  inputNames: string[];
  /** Class labels (then `classes`) or real targets (then `outputs`, count × outputs). */
  y: Int32Array | Float64Array;
  classes?: number;
  /** What each label stands for, when the data names them. */
  classNames?: string[];
  outputs?: number;
  targetNames: string[];
}

/** Circles: the inner circle's radius (the outer one's is 1). */
export const CIRCLES_FACTOR = 0.5;
/** Spirals: the angle an arm turns through as its radius grows from 0 to 1 (two turns). */
export const SPIRAL_TURN = 4 * Math.PI;

type Point2 = (c: number, rng: Rng) => [number, number];

/**
 * two-moons, like scikit-learn's make_moons: θ = π u; class 0 the upper moon (cos θ, sin θ), class 1
 * the lower (1 − cos θ, 0.5 − sin θ); each point at distance 1 from its moon's centre, (0, 0) or (1, 0.5).
 */
const twoMoons: Point2 = (c, rng) => {
  const theta = Math.PI * rng.uniform();
  return c === 0 ? [Math.cos(theta), Math.sin(theta)] : [1 - Math.cos(theta), 0.5 - Math.sin(theta)];
};

/** circles, like make_circles: θ = 2π u; class 0 on the unit circle, class 1 on radius 0.5: r (cos θ, sin θ). */
const circles: Point2 = (c, rng) => {
  const theta = 2 * Math.PI * rng.uniform();
  const r = c === 0 ? 1 : CIRCLES_FACTOR;
  return [r * Math.cos(theta), r * Math.sin(theta)];
};

/** spirals, two interleaved arms: t = u, φ = 4π t + π c, the point t (cos φ, sin φ). */
const spirals: Point2 = (c, rng) => {
  const t = rng.uniform();
  const phi = SPIRAL_TURN * t + Math.PI * c;
  return [t * Math.cos(phi), t * Math.sin(phi)];
};

/** Draws the clean 2-D point of class c; the noise N(0, noise²) is added to each coordinate after. */
function drawPlane(count: number, K: number, noise: number, rng: Rng, point: Point2): DrawnExamples {
  const x = new Float64Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % K;
    const [a, b] = point(c, rng);
    x[2 * i] = a + noise * rng.normal();
    x[2 * i + 1] = b + noise * rng.normal();
    y[i] = c;
  }
  return { count, inputs: 2, x, inputNames: ['x1', 'x2'], y, classes: K, targetNames: ['label'] };
}

/**
 * xor: the clean point (2u₁ − 1, 2u₂ − 1) uniform on [−1, 1]², its class 1 where its coordinates'
 * signs differ (x₁ x₂ < 0: the second and fourth quadrants), else 0; then the noise N(0, noise²).
 */
function xor(count: number, noise: number, rng: Rng): DrawnExamples {
  const x = new Float64Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const a = 2 * rng.uniform() - 1;
    const b = 2 * rng.uniform() - 1;
    y[i] = a * b < 0 ? 1 : 0;
    x[2 * i] = a + noise * rng.normal();
    x[2 * i + 1] = b + noise * rng.normal();
  }
  return { count, inputs: 2, x, inputNames: ['x1', 'x2'], y, classes: 2, targetNames: ['label'] };
}

/**
 * blobs: K Gaussian blobs, class c centred on the unit circle at μ_c = (cos 2πc/K, sin 2πc/K); the
 * point is μ_c + N(0, noise² I) (no uniforms drawn).
 */
const blobs =
  (K: number): Point2 =>
  (c) => [Math.cos((2 * Math.PI * c) / K), Math.sin((2 * Math.PI * c) / K)];

/** sine: x = π(2u − 1) uniform on [−π, π], the target y = sin x + N(0, noise²); one input, one output. */
function sine(count: number, noise: number, rng: Rng): DrawnExamples {
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = Math.PI * (2 * rng.uniform() - 1);
    y[i] = Math.sin(x[i]!) + noise * rng.normal();
  }
  return { count, inputs: 1, x, inputNames: ['x'], y, outputs: 1, targetNames: ['y'] };
}

/** The n + test examples of a generated set, drawn from `seed` (see the file's comment for the order). */
export function drawGeneratedSet(spec: GeneratedSetSpec, seed: number): DrawnExamples {
  const rng = new Rng(seed);
  const count = spec.n + spec.test;
  switch (spec.dataset) {
    case 'two-moons':
      return drawPlane(count, 2, spec.noise, rng, twoMoons);
    case 'circles':
      return drawPlane(count, 2, spec.noise, rng, circles);
    case 'spirals':
      return drawPlane(count, 2, spec.noise, rng, spirals);
    case 'blobs': {
      const K = spec.classes ?? DEFAULT_BLOBS;
      return drawPlane(count, K, spec.noise, rng, blobs(K));
    }
    case 'xor':
      return xor(count, spec.noise, rng);
    case 'sine':
      return sine(count, spec.noise, rng);
  }
}
