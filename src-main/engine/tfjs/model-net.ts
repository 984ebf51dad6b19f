/**
 * P copies of a model's network (SPEC §13) as TensorFlow.js ops, float32: Φ [P, D] sliced by the
 * layout into W_l [P, fan_in, fan_out] and b_l [P, 1, fan_out], each layer one batched matMul over the
 * particles, z_l = h_{l−1} W_l + b_l, h_l = act(z_l) (the last z is the output). The per-example loss
 * at the outputs z with targets T (float rows):
 * - logistic (T = the label y): L_i = softplus(z) − y z;
 * - softmax (T = one-hot of y): L_i = log Σ_k e^{z_k} − Σ_k T_k z_k;
 * - linear (T = y): L_i = ½ ‖z − y‖².
 * Gradients come from TensorFlow.js's autodiff of Σ_p (weighted mean loss of particle p): a particle's
 * loss depends only on its own row of Φ, so that sum's gradient is each particle's gradient.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import { isLabeled, type ModelExamples } from '../../../shared/data/model-data';
import type { Model } from '../../../shared/experiment/experiment';
import type { ModelLayout } from '../../../shared/model/layout';
import type { Tf } from '../api';

/** √(2/π) and the cubic coefficient of gelu's tanh form. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/** Particle × row × unit elements evaluated at once in a full pass (rows are chunked above it). */
const CHUNK = 1 << 22;

/** A pass's mean loss and gradient of every particle. */
export interface LossGrad {
  /** Mean loss per particle, [P]. */
  loss: tfjs.Tensor1D;
  /** Its gradient per particle, [P, D]. */
  grad: tfjs.Tensor2D;
}

/** P networks of one shape over one training set, as TensorFlow.js ops (the passes above). */
export class TfNet {
  /** The training inputs [n, inputs] and float targets [n, T]. */
  private readonly X: tfjs.Tensor2D;
  private readonly T: tfjs.Tensor2D;
  readonly n: number;
  readonly D: number;

  constructor(
    private readonly tf: Tf,
    private readonly model: Model,
    private readonly layout: ModelLayout,
    train: ModelExamples,
  ) {
    this.n = train.n;
    this.D = layout.D;
    const K = layout.widths[layout.widths.length - 1]!;
    this.X = tf.tensor2d(Float32Array.from(train.x), [train.n, train.inputs]);
    if (!isLabeled(train)) this.T = tf.tensor2d(Float32Array.from(train.y), [train.n, K]);
    else if (model.output === 'softmax')
      this.T = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(train.y, 'int32'), K), 'float32') as tfjs.Tensor2D);
    else this.T = tf.tensor2d(Float32Array.from(train.y), [train.n, 1]);
  }

  /** Outputs z [P, R, K] of particles `phi` [P, D] on inputs `x` [P, R, inputs]. */
  private forward(phi: tfjs.Tensor2D, x: tfjs.Tensor3D): tfjs.Tensor3D {
    const tf = this.tf;
    const P = phi.shape[0];
    const layers = this.layout.layers;
    let h: tfjs.Tensor3D = x;
    layers.forEach(({ fanIn, fanOut, w, b }, l) => {
      const W = tf.reshape(tf.slice(phi, [0, w], [P, fanIn * fanOut]), [P, fanIn, fanOut]) as tfjs.Tensor3D;
      const bias = tf.reshape(tf.slice(phi, [0, b], [P, fanOut]), [P, 1, fanOut]);
      const z = tf.add(tf.matMul(h, W), bias) as tfjs.Tensor3D;
      h = l + 1 < layers.length ? this.activate(z) : z;
    });
    return h;
  }

  /** h = act(z): tanh, relu (slope 0 at 0), sigmoid, gelu ½z(1 + tanh(√(2/π)(z + 0.044715 z³))). */
  private activate(z: tfjs.Tensor3D): tfjs.Tensor3D {
    const tf = this.tf;
    switch (this.model.activation) {
      case 'tanh':
        return tf.tanh(z);
      case 'relu':
        return tf.relu(z);
      case 'sigmoid':
        return tf.sigmoid(z);
      case 'gelu': {
        const u = tf.mul(tf.add(z, tf.mul(tf.pow(z, 3), GELU_A)), GELU_C);
        return tf.mul(tf.mul(z, 0.5), tf.add(tf.tanh(u), 1)) as tfjs.Tensor3D;
      }
    }
  }

  /** L_i [P, R] at outputs z [P, R, K] with targets t [P or 1, R, T]. */
  private exampleLosses(z: tfjs.Tensor3D, t: tfjs.Tensor3D): tfjs.Tensor2D {
    const tf = this.tf;
    switch (this.model.output) {
      case 'logistic':
        return tf.sum(tf.sub(tf.softplus(z), tf.mul(t, z)), 2) as tfjs.Tensor2D;
      case 'softmax':
        return tf.sub(tf.logSumExp(z, 2), tf.sum(tf.mul(t, z), 2)) as tfjs.Tensor2D;
      case 'linear':
        return tf.mul(tf.sum(tf.square(tf.sub(z, t)), 2), 0.5) as tfjs.Tensor2D;
    }
  }

  /** L_i [P, R] of each particle at the rows `idx` [P, R] (int32) of the training data. */
  rowLosses(phi: tfjs.Tensor2D, idx: tfjs.Tensor2D): tfjs.Tensor2D {
    const tf = this.tf;
    const rows = (m: tfjs.Tensor2D) => tf.gather(m, idx) as tfjs.Tensor as tfjs.Tensor3D;
    return this.exampleLosses(this.forward(phi, rows(this.X)), rows(this.T));
  }

  /** L_i [P, hi − lo] of each particle at the training rows [lo, hi). */
  private rangeLosses(phi: tfjs.Tensor2D, lo: number, hi: number): tfjs.Tensor2D {
    const tf = this.tf;
    const P = phi.shape[0];
    const x = tf.broadcastTo(tf.expandDims(tf.slice(this.X, lo, hi - lo), 0), [P, hi - lo, this.X.shape[1]]);
    const t = tf.expandDims(tf.slice(this.T, lo, hi - lo), 0) as tfjs.Tensor3D;
    return this.exampleLosses(this.forward(phi, x as tfjs.Tensor3D), t);
  }

  /** Σ_j w[p, j] L_{idx[p, j]} per particle and its gradient: with w = 1/R the minibatch mean. */
  weighted(phi: tfjs.Tensor2D, idx: tfjs.Tensor2D, w: tfjs.Tensor2D | number): LossGrad {
    const tf = this.tf;
    const { value, grad } = tf.valueAndGrad((p: tfjs.Tensor) =>
      tf.sum(tf.mul(this.rowLosses(p as tfjs.Tensor2D, idx), w), 1),
    )(phi, tf.ones([phi.shape[0]]));
    return { loss: value as tfjs.Tensor1D, grad: grad as tfjs.Tensor2D };
  }

  /** Each row's own loss and gradient: rows `idx` [P, R] → L [P, R] and ∇L_j [P, R, D]. */
  perExample(phi: tfjs.Tensor2D, idx: tfjs.Tensor2D): { loss: tfjs.Tensor2D; grads: tfjs.Tensor3D } {
    const tf = this.tf;
    const [P, R] = idx.shape;
    const tiled = tf.reshape(tf.tile(tf.expandDims(phi, 1), [1, R, 1]), [P * R, this.D]) as tfjs.Tensor2D;
    const one = tf.reshape(idx, [P * R, 1]) as tfjs.Tensor2D;
    const { loss, grad } = this.weighted(tiled, one, 1);
    return {
      loss: tf.reshape(loss, [P, R]) as tfjs.Tensor2D,
      grads: tf.reshape(grad, [P, R, this.D]) as tfjs.Tensor3D,
    };
  }

  /** Row ranges of the training data, each at most CHUNK elements for `P` particles. */
  private ranges(P: number): [number, number][] {
    const widest = Math.max(...this.layout.widths);
    const step = Math.max(1, Math.floor(CHUNK / Math.max(1, P * widest)));
    const out: [number, number][] = [];
    for (let lo = 0; lo < this.n; lo += step) out.push([lo, Math.min(this.n, lo + step)]);
    return out;
  }

  /** The full training loss (1/n) Σ_i L_i of each particle, [P]. */
  fullLoss(phi: tfjs.Tensor2D): tfjs.Tensor1D {
    const tf = this.tf;
    const parts = this.ranges(phi.shape[0]).map(([lo, hi]) => tf.sum(this.rangeLosses(phi, lo, hi), 1));
    return tf.div(parts.length === 1 ? parts[0]! : tf.addN(parts), this.n) as tfjs.Tensor1D;
  }

  /** The full training loss and its gradient ∇L = (1/n) Σ_i ∇L_i of each particle. */
  fullLossAndGrad(phi: tfjs.Tensor2D): LossGrad {
    const tf = this.tf;
    const ones = tf.ones([phi.shape[0]]);
    const parts = this.ranges(phi.shape[0]).map(([lo, hi]) =>
      tf.valueAndGrad((p: tfjs.Tensor) => tf.div(tf.sum(this.rangeLosses(p as tfjs.Tensor2D, lo, hi), 1), this.n))(
        phi,
        ones,
      ),
    );
    const add = (xs: tfjs.Tensor[]) => (xs.length === 1 ? xs[0]! : tf.addN(xs));
    return {
      loss: add(parts.map((p) => p.value)) as tfjs.Tensor1D,
      grad: add(parts.map((p) => p.grad)) as tfjs.Tensor2D,
    };
  }

  dispose(): void {
    this.X.dispose();
    this.T.dispose();
  }
}
