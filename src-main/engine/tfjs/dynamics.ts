/**
 * The continuous-time dynamics (SPEC §6), each advancing the ensemble by one scheduled step η_t:
 * - gradient flow dΦ/dτ = −g(Φ) by classical RK4 with `substeps` steps of h = η_t/substeps;
 * - Langevin dΦ = −g dτ + √η ε √dτ, ε ~ N(0, Σ(Φ)), Euler–Maruyama with dτ = η_t/substeps:
 *   Σ = 0 for an exact gradient, cov/B for gaussian, and for minibatch the unbiased per-example
 *   gradient covariance over a fresh sample of `sigmaSample` examples per particle, divided by B.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Dynamics } from '../../../shared/experiment/experiment';
import type { Tf } from '../api';
import type { GradientEstimator } from './gradient';
import type { Objective } from './objective';
import { Stream, streamRng } from '../random/streams';

export interface FlowResult {
  phi: tfjs.Tensor2D;
  /** The full loss at the start of the step, [P]. */
  loss: tfjs.Tensor1D;
}

/** One RK4 sub-step: Φ + h/6 (k1 + 2k2 + 2k3 + k4) with k = −g. */
function rk4(tf: Tf, objective: Objective, phi: tfjs.Tensor2D, h: number, first?: tfjs.Tensor2D): tfjs.Tensor2D {
  const g = (x: tfjs.Tensor2D) => objective.lossAndGrad(x).grad;
  const k1 = first ?? g(phi);
  const k2 = g(tf.sub(phi, tf.mul(k1, h / 2)));
  const k3 = g(tf.sub(phi, tf.mul(k2, h / 2)));
  const k4 = g(tf.sub(phi, tf.mul(k3, h)));
  const sum = tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]);
  return tf.sub(phi, tf.mul(sum, h / 6));
}

/** Gradient flow over τ ∈ [τ, τ + η]. Call inside tf.tidy. */
export function gradientFlowStep(
  tf: Tf,
  objective: Objective,
  phi: tfjs.Tensor2D,
  eta: number,
  substeps: number,
): FlowResult {
  const h = eta / substeps;
  const { loss, grad } = objective.lossAndGrad(phi);
  let x = rk4(tf, objective, phi, h, grad);
  for (let k = 1; k < substeps; k++) x = rk4(tf, objective, x, h);
  return { phi: x, loss };
}

/** Rows of N(0, C_p) for per-particle 1×1 or 2×2 covariances `cov` [P, D, D] (closed-form Cholesky). */
function correlated(tf: Tf, cov: tfjs.Tensor3D, z: tfjs.Tensor2D): tfjs.Tensor2D {
  const D = z.shape[1];
  const at = (i: number, j: number) => tf.reshape(tf.slice(cov, [0, i, j], [-1, 1, 1]), [-1]);
  const zc = tf.unstack(z, 1);
  const l11 = tf.sqrt(tf.relu(at(0, 0)));
  if (D === 1) return tf.reshape(tf.mul(l11, zc[0]!), [-1, 1]);
  const safe = tf.where(tf.greater(l11, 0), l11, tf.onesLike(l11));
  const l21 = tf.where(tf.greater(l11, 0), tf.div(at(1, 0), safe), tf.zerosLike(l11));
  const l22 = tf.sqrt(tf.relu(tf.sub(at(1, 1), tf.square(l21))));
  return tf.stack([tf.mul(l11, zc[0]!), tf.add(tf.mul(l21, zc[0]!), tf.mul(l22, zc[1]!))], 1) as tfjs.Tensor2D;
}

/** Σ(Φ)/… rows: the unbiased per-example gradient covariance over S fresh examples, divided by B. */
function minibatchNoise(
  tf: Tf,
  objective: Objective,
  estimator: GradientEstimator,
  phi: tfjs.Tensor2D,
  t: number,
  sub: number,
  sample: number,
  z: tfjs.Tensor2D,
): tfjs.Tensor2D {
  const P = phi.shape[0];
  const idx = estimator.indices(t, P, sample, Stream.sigmaSample * 1024 + sub);
  const G = objective.batch(phi, idx, true).exampleGrads!;
  const centered = tf.sub(G, tf.mean(G, 1, true));
  const cov = tf.div(tf.matMul(centered, centered, true, false), (sample - 1) * estimator.batch) as tfjs.Tensor3D;
  return correlated(tf, cov, z);
}

export interface LangevinContext {
  seed: number;
  runIndex: number;
}

/** Langevin over one scheduled step η (Euler–Maruyama). Call inside tf.tidy. */
export function langevinStep(
  tf: Tf,
  objective: Objective,
  estimator: GradientEstimator,
  dynamics: Extract<Dynamics, { type: 'langevin' }>,
  phi: tfjs.Tensor2D,
  eta: number,
  t: number,
  ctx: LangevinContext,
): FlowResult {
  const dtau = eta / dynamics.substeps;
  const P = phi.shape[0];
  const D = objective.D;
  const kind = estimator.gradient.kind;
  let x = phi;
  let first: tfjs.Tensor1D | undefined;
  for (let k = 0; k < dynamics.substeps; k++) {
    const { loss, grad } = objective.lossAndGrad(x);
    first ??= loss;
    let next = tf.sub(x, tf.mul(grad, dtau));
    if (kind !== 'exact') {
      const amp = Math.sqrt(eta * dtau);
      let noise: tfjs.Tensor2D;
      if (kind === 'gaussian') {
        noise = tf.div(estimator.gaussianRows(t, P, Stream.langevin * 1024 + k), Math.sqrt(estimator.batch));
      } else {
        const z = streamRng(ctx.seed, ctx.runIndex, t, Stream.langevin, k + 1).normals(P * D);
        noise = minibatchNoise(tf, objective, estimator, x, t, k, dynamics.sigmaSample, tf.tensor2d(z, [P, D]));
      }
      next = tf.add(next, tf.mul(noise, amp));
    }
    x = next as tfjs.Tensor2D;
  }
  return { phi: x, loss: first! };
}
