/**
 * One step of P networks on TensorFlow.js before the optimizer's update: the gradient estimate
 * (SPEC §2 with §13's model forms) and the dynamics that replace the update (SPEC §6), with the very
 * draws of the CPU model engine (model/estimate.ts): each particle's rows and normals come from the
 * counter-based stream (key, particle, step), drawn here in JS and uploaded, so both engines see the
 * same minibatches and the same noise.
 * - exact: ĝ = ∇L; minibatch: ĝ = (1/B) Σ_b ∇L_{j_b}; gaussian: ĝ = ∇L + (σ/√B) z;
 *   with q = Σ_b ĝ_b²: per-example gradients (minibatch) or ĝ_b = ∇L + σ z_b (gaussian);
 * - gradient flow: RK4 over dΦ/dτ = −∇L, `substeps` steps of h = η/substeps;
 * - Langevin: Φ += −∇L dt + √(η dt) ε per substep, ε = (σ/√B) z (gaussian) or
 *   ε = Σ_j (z_j − z̄) ∇L_{r_j} / √((m − 1) B) over m fresh rows (minibatch: one weighted backward pass).
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Run } from '../../../shared/experiment/experiment';
import type { Tf } from '../api';
import type { StepSetup } from '../model/estimate';
import type { RandomStream } from '../random/counter-js';
import type { LossGrad, TfNet } from './model-net';

export interface ModelEstimate extends LossGrad {
  /** q = Σ_b ĝ_b² [P, D], when the rule reads it. */
  squares?: tfjs.Tensor2D;
}

/** Each particle's `count` rows of [0, n) from stream (key, i, t), as [P, count] int32. */
function drawRows(tf: Tf, rs: RandomStream, key: number, P: number, t: number, count: number, n: number) {
  const out = new Int32Array(P * count);
  const rows = new Int32Array(count);
  for (let i = 0; i < P; i++) {
    rs.seed(key, i, t);
    rs.picks(rows, count, n);
    out.set(rows, i * count);
  }
  return tf.tensor2d(out, [P, count], 'int32');
}

/** Each particle's first `count` normals of stream (key, i, t), as [P, count]. */
function drawNormals(tf: Tf, rs: RandomStream, key: number, P: number, t: number, count: number) {
  const z = new Float64Array(P * count);
  for (let i = 0; i < P; i++) {
    rs.seed(key, i, t);
    rs.normals(z, i * count, count);
  }
  return tf.tensor2d(Float32Array.from(z), [P, count]);
}

/** ĝ (and q when asked) at step t for the particles `phi` [P, D]. Call inside tf.tidy. */
export function modelEstimate(
  tf: Tf,
  net: TfNet,
  u: StepSetup,
  rs: RandomStream,
  phi: tfjs.Tensor2D,
  t: number,
): ModelEstimate {
  const P = phi.shape[0];
  const D = net.D;
  const B = u.batch;
  if (u.gradient.kind === 'minibatch') {
    const idx = drawRows(tf, rs, u.keys.batch, P, t, B, net.n);
    if (!u.needsExamples) return net.weighted(phi, idx, 1 / B);
    const { loss, grads } = net.perExample(phi, idx);
    return {
      loss: tf.mean(loss, 1) as tfjs.Tensor1D,
      grad: tf.mean(grads, 1) as tfjs.Tensor2D,
      squares: tf.sum(tf.square(grads), 1) as tfjs.Tensor2D,
    };
  }
  const full = net.fullLossAndGrad(phi);
  if (u.gradient.kind === 'exact') return u.needsExamples ? { ...full, squares: tf.square(full.grad) } : full;
  if (!u.needsExamples) {
    const z = drawNormals(tf, rs, u.keys.gaussian, P, t, D);
    return { loss: full.loss, grad: tf.add(full.grad, tf.mul(z, u.nf)) as tfjs.Tensor2D };
  }
  // ĝ_b = ∇L + σ z_b, b = 1 … B, the z_b one after another in the particle's stream.
  const z = tf.reshape(drawNormals(tf, rs, u.keys.gaussian, P, t, B * D), [P, B, D]);
  const each = tf.add(tf.expandDims(full.grad, 1), tf.mul(z, u.ef));
  return {
    loss: full.loss,
    grad: tf.mean(each, 1) as tfjs.Tensor2D,
    squares: tf.sum(tf.square(each), 1) as tfjs.Tensor2D,
  };
}

/** A dynamics step's new positions and the loss it started from. */
export interface DynamicsResult {
  phi: tfjs.Tensor2D;
  /** The full loss at the step's start, [P]. */
  loss: tfjs.Tensor1D;
}

/** Gradient flow over one scheduled step η (classical RK4). Call inside tf.tidy. */
export function modelFlowStep(tf: Tf, net: TfNet, substeps: number, phi: tfjs.Tensor2D, lr: number): DynamicsResult {
  const h = lr / substeps;
  const g = (x: tfjs.Tensor2D) => net.fullLossAndGrad(x).grad;
  let y = phi;
  let loss: tfjs.Tensor1D | undefined;
  for (let s = 0; s < substeps; s++) {
    const first = net.fullLossAndGrad(y);
    loss ??= first.loss;
    const k1 = first.grad;
    const k2 = g(tf.sub(y, tf.mul(k1, h / 2)));
    const k3 = g(tf.sub(y, tf.mul(k2, h / 2)));
    const k4 = g(tf.sub(y, tf.mul(k3, h)));
    y = tf.sub(y, tf.mul(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6));
  }
  return { phi: y, loss: loss! };
}

/**
 * Each particle's Langevin draws at step t, substep by substep in its stream (key, i, t) as the CPU
 * engine continues it: gaussian D normals per substep; minibatch m rows, then m normals.
 */
function langevinDraws(u: StepSetup, rs: RandomStream, P: number, t: number, D: number, n: number) {
  const dyn = u.dynamics as Extract<Run['dynamics'], { type: 'langevin' }>;
  const S = dyn.substeps;
  const m = dyn.sigmaSample;
  const normals = u.gradient.kind === 'gaussian' ? D : m;
  const z = Array.from({ length: S }, () => new Float32Array(P * normals));
  const rows = Array.from({ length: S }, () => new Int32Array(P * m));
  const zs = new Float64Array(normals);
  const picks = new Int32Array(m);
  for (let i = 0; i < P; i++) {
    rs.seed(u.keys.langevin, i, t);
    for (let s = 0; s < S; s++) {
      if (u.gradient.kind === 'minibatch') {
        rs.picks(picks, m, n);
        rows[s]!.set(picks, i * m);
      }
      rs.normals(zs, 0, normals);
      z[s]!.set(zs, i * normals);
    }
  }
  return { z, rows, normals };
}

/** Langevin over one scheduled step η (Euler–Maruyama, dt = η/substeps). Call inside tf.tidy. */
export function modelLangevinStep(
  tf: Tf,
  net: TfNet,
  u: StepSetup,
  rs: RandomStream,
  phi: tfjs.Tensor2D,
  t: number,
  lr: number,
): DynamicsResult {
  const dyn = u.dynamics as Extract<Run['dynamics'], { type: 'langevin' }>;
  const P = phi.shape[0];
  const dt = lr / dyn.substeps;
  const amp = Math.sqrt(lr * dt);
  const m = dyn.sigmaSample;
  const kind = u.gradient.kind;
  const draws = kind === 'exact' ? null : langevinDraws(u, rs, P, t, net.D, net.n);
  let y = phi;
  let loss: tfjs.Tensor1D | undefined;
  for (let s = 0; s < dyn.substeps; s++) {
    const full = net.fullLossAndGrad(y);
    loss ??= full.loss;
    let next = tf.sub(y, tf.mul(full.grad, dt));
    if (draws) {
      const z = tf.tensor2d(draws.z[s]!, [P, draws.normals]);
      if (kind === 'gaussian') next = tf.add(next, tf.mul(z, amp * u.nf));
      else {
        const idx = tf.tensor2d(draws.rows[s]!, [P, m], 'int32');
        const w = tf.sub(z, tf.mean(z, 1, true)) as tfjs.Tensor2D;
        const spread = net.weighted(y, idx, w).grad;
        next = tf.add(next, tf.mul(spread, amp / Math.sqrt((m - 1) * u.batch)));
      }
    }
    y = next as tfjs.Tensor2D;
  }
  return { phi: y, loss: loss! };
}
