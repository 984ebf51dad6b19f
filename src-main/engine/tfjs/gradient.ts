/**
 * Gradient estimates ĝ (SPEC §2): exact (the full data mean), minibatch (B examples per particle,
 * uniform with replacement, from the seeded stream), gaussian (g + N(0, Σ/B), through a Cholesky
 * factor of Σ). When asked, also Σ_b ĝ_b² from per-example gradients (secondMoment "examples").
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Gradient } from '../../../shared/experiment/experiment';
import type { Tf } from '../api';
import type { Objective } from './objective';
import { cholesky } from '../../../shared/kernel/cholesky';
import { Stream, streamRng } from '../random/streams';

export { cholesky };

export interface Estimate {
  /** ĝ [P, D]. */
  grad: tfjs.Tensor2D;
  /** The loss seen by this estimate at Φ (batch mean or full), [P]: non-finite marks divergence. */
  loss: tfjs.Tensor1D;
  /** Σ_b ĝ_b² [P, D], when asked for. */
  exampleSquares?: tfjs.Tensor2D;
  batch: number;
}

export interface EstimatorOptions {
  seed: number;
  runIndex: number;
  perExample: boolean;
}

export class GradientEstimator {
  private readonly lT?: tfjs.Tensor2D;

  constructor(
    private readonly tf: Tf,
    private readonly objective: Objective,
    readonly gradient: Gradient,
    private readonly opts: EstimatorOptions,
  ) {
    if (gradient.kind === 'gaussian') {
      const cov = gradient.cov;
      this.lT = tf.tidy(() => tf.transpose(tf.tensor2d(cholesky(cov), undefined, 'float32')));
    }
  }

  get batch(): number {
    return this.gradient.kind === 'exact' ? 1 : this.gradient.batch;
  }

  /** Standard normals [rows, D] of one stream at step t, times Lᵀ (rows of N(0, Σ)). */
  gaussianRows(t: number, rows: number, stream: number): tfjs.Tensor2D {
    const D = this.objective.D;
    const z = streamRng(this.opts.seed, this.opts.runIndex, t, stream).normals(rows * D);
    return this.tf.matMul(this.tf.tensor2d(z, [rows, D]), this.lT!);
  }

  /** Uniform example indices [P, B] of one stream at step t. */
  indices(t: number, P: number, B: number, stream: number = Stream.batch): tfjs.Tensor2D {
    const idx = streamRng(this.opts.seed, this.opts.runIndex, t, stream).ints(P * B, this.objective.n);
    return this.tf.tensor2d(idx, [P, B], 'int32');
  }

  /** ĝ at step t for the particles `phi` [P, D]. Call inside tf.tidy. */
  estimate(phi: tfjs.Tensor2D, t: number): Estimate {
    const tf = this.tf;
    const g = this.gradient;
    const P = phi.shape[0];
    const D = this.objective.D;
    if (g.kind === 'exact') {
      const { loss, grad } = this.objective.lossAndGrad(phi);
      return { grad, loss, batch: 1, ...(this.opts.perExample ? { exampleSquares: tf.square(grad) } : {}) };
    }
    const B = g.batch;
    if (g.kind === 'minibatch') {
      const r = this.objective.batch(phi, this.indices(t, P, B), this.opts.perExample);
      const exampleSquares = r.exampleGrads ? (tf.sum(tf.square(r.exampleGrads), 1) as tfjs.Tensor2D) : undefined;
      return { grad: r.grad, loss: r.loss, batch: B, ...(exampleSquares ? { exampleSquares } : {}) };
    }
    const { loss, grad } = this.objective.lossAndGrad(phi);
    if (!this.opts.perExample) {
      const noise = tf.div(this.gaussianRows(t, P, Stream.gaussian), Math.sqrt(B));
      return { grad: tf.add(grad, noise) as tfjs.Tensor2D, loss, batch: B };
    }
    // ĝ_b = g + L z_b for b = 1 … B: their mean is g + N(0, Σ/B).
    const perEx = tf.add(tf.expandDims(grad, 1), tf.reshape(this.gaussianRows(t, P * B, Stream.gaussian), [P, B, D]));
    return {
      grad: tf.mean(perEx, 1) as tfjs.Tensor2D,
      loss,
      batch: B,
      exampleSquares: tf.sum(tf.square(perEx), 1) as tfjs.Tensor2D,
    };
  }

  dispose(): void {
    this.lT?.dispose();
  }
}
