/**
 * The loss L(Φ) = E_i L_i(Φ) of an ensemble, as tensors: the full loss and gradient (the data mean,
 * chunked when P × n is large), and minibatch estimates with optional per-example gradients. Particles
 * are rows of Φ [P, D]; every particle's loss depends only on its own row, so the gradient of the sum
 * over particles is each particle's gradient.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { CompiledFormula, DataSet, Tf } from '../api';

/** Elements (particles × examples) evaluated at once. */
const CHUNK = 1 << 21;

export interface BatchResult {
  /** Mean loss over the batch, [P]. */
  loss: tfjs.Tensor1D;
  /** Mean gradient over the batch, [P, D]. */
  grad: tfjs.Tensor2D;
  /** ∇L_b for each example of the batch, [P, B, D], when asked. */
  exampleGrads?: tfjs.Tensor3D;
}

export class Objective {
  readonly n: number;
  private readonly columns: tfjs.Tensor1D[];

  constructor(
    private readonly tf: Tf,
    private readonly formula: CompiledFormula,
    readonly params: string[],
    private readonly data: DataSet,
    /** False when the formula leaves out a parameter: then + 0·x keeps it on the gradient tape. */
    private readonly usesAllParams = false,
  ) {
    this.n = data.n;
    this.columns = data.columns.map((c) => tf.tensor1d(Float32Array.from(c), 'float32')); // float32 at upload
  }

  get D(): number {
    return this.params.length;
  }

  /** L over `cols` (one tensor per parameter) and `dataCols` (one per data variable), broadcast to `shape`. */
  private evaluate(cols: tfjs.Tensor[], dataCols: tfjs.Tensor[], shape: number[]): tfjs.Tensor {
    const tf = this.tf;
    const scope: Record<string, tfjs.Tensor> = {};
    this.params.forEach((name, i) => (scope[name] = cols[i]!));
    this.data.vars.forEach((name, i) => (scope[name] = dataCols[i]!));
    // + 0·x keeps every parameter on the tape, so a loss flat in one of them still has a gradient.
    let out = this.formula(scope);
    if (!this.usesAllParams) out = tf.add(out, tf.mul(tf.addN(cols.map((c) => tf.sum(c))), 0));
    if (out.shape.length !== shape.length || out.shape.some((s, i) => s !== shape[i])) out = tf.broadcastTo(out, shape);
    return out;
  }

  /** Σ over examples [lo, hi) of L_i at the particles `phi` [p, D], divided by n: [p]. */
  private chunkLoss(phi: tfjs.Tensor2D, lo: number, hi: number): tfjs.Tensor1D {
    const tf = this.tf;
    const p = phi.shape[0];
    if (this.n === 0) return this.evaluate(this.split(phi), [], [p]) as tfjs.Tensor1D;
    const cols = this.split(phi).map((c) => tf.reshape(c, [p, 1]));
    const dataCols = this.columns.map((c) => tf.reshape(tf.slice(c, lo, hi - lo), [1, hi - lo]));
    return tf.div(tf.sum(this.evaluate(cols, dataCols, [p, hi - lo]), 1), this.n) as tfjs.Tensor1D;
  }

  /** Visits (particle block, example block) pairs of at most CHUNK elements. */
  private chunks(P: number, visit: (p0: number, p1: number, ranges: [number, number][]) => void): void {
    const n = Math.max(this.n, 1);
    const nStep = Math.min(n, CHUNK);
    const ranges: [number, number][] = [];
    for (let lo = 0; lo < n; lo += nStep) ranges.push([lo, Math.min(n, lo + nStep)]);
    const pStep = Math.max(1, Math.floor(CHUNK / nStep));
    for (let p0 = 0; p0 < P; p0 += pStep) visit(p0, Math.min(P, p0 + pStep), ranges);
  }

  /** The full loss L(Φ) of each particle, [P]. */
  loss(phi: tfjs.Tensor2D): tfjs.Tensor1D {
    const tf = this.tf;
    const parts: tfjs.Tensor1D[] = [];
    this.chunks(phi.shape[0], (p0, p1, ranges) => {
      parts.push(
        tf.tidy(() => {
          const block = p0 === 0 && p1 === phi.shape[0] ? phi : tf.slice(phi, [p0, 0], [p1 - p0, -1]);
          return sumAll(
            tf,
            ranges.map(([lo, hi]) => this.chunkLoss(block, lo, hi)),
          );
        }),
      );
    });
    return parts.length === 1 ? parts[0]! : tf.concat(parts);
  }

  /** The full loss and gradient g(Φ) of each particle. */
  lossAndGrad(phi: tfjs.Tensor2D): { loss: tfjs.Tensor1D; grad: tfjs.Tensor2D } {
    const tf = this.tf;
    const losses: tfjs.Tensor1D[] = [];
    const grads: tfjs.Tensor2D[] = [];
    this.chunks(phi.shape[0], (p0, p1, ranges) => {
      const block = p0 === 0 && p1 === phi.shape[0] ? phi : tf.slice(phi, [p0, 0], [p1 - p0, -1]);
      const parts = ranges.map(([lo, hi]) => {
        // Backprop from the per-particle losses with dy = 1: the same numbers as the gradient of their sum.
        const { value, grad } = tf.valueAndGrad((b: tfjs.Tensor) => this.chunkLoss(b as tfjs.Tensor2D, lo, hi))(
          block,
          tf.ones([block.shape[0]]),
        );
        return { value: value as tfjs.Tensor1D, grad: grad as tfjs.Tensor2D };
      });
      losses.push(
        sumAll(
          tf,
          parts.map((x) => x.value),
        ),
      );
      grads.push(
        sumAll(
          tf,
          parts.map((x) => x.grad),
        ),
      );
    });
    return {
      loss: losses.length === 1 ? losses[0]! : tf.concat(losses),
      grad: grads.length === 1 ? grads[0]! : tf.concat(grads),
    };
  }

  /** Minibatch: the examples `idx` [P, B] (int32) of each particle. */
  batch(phi: tfjs.Tensor2D, idx: tfjs.Tensor2D, perExample: boolean): BatchResult {
    const tf = this.tf;
    const [P, B] = idx.shape;
    const dataCols = this.columns.map((c) => tf.gather(c, idx));
    if (perExample) {
      const tiled = tf.tile(tf.expandDims(phi, 1), [1, B, 1]) as tfjs.Tensor3D;
      const { value: losses, grad: exampleGrads } = tf.valueAndGrad((x: tfjs.Tensor) =>
        this.evaluate(this.split(x), dataCols, [P, B]),
      )(tiled, tf.ones([P, B]));
      return {
        loss: tf.mean(losses, 1) as tfjs.Tensor1D,
        grad: tf.mean(exampleGrads, 1) as tfjs.Tensor2D,
        exampleGrads: exampleGrads as tfjs.Tensor3D,
      };
    }
    const { value: loss, grad } = tf.valueAndGrad((x: tfjs.Tensor) => {
      const cols = this.split(x).map((c) => tf.reshape(c, [P, 1]));
      return tf.mean(this.evaluate(cols, dataCols, [P, B]), 1);
    })(phi, tf.ones([P]));
    return { loss: loss as tfjs.Tensor1D, grad: grad as tfjs.Tensor2D };
  }

  /**
   * The parameter columns of x [..., D] (last axis), each [...]. Slices, not tf.unstack: unstack's
   * gradient fails when an output does not reach the loss.
   */
  private split(x: tfjs.Tensor): tfjs.Tensor[] {
    const tf = this.tf;
    const shape = x.shape.slice(0, -1);
    const begin = x.shape.map(() => 0);
    const size = x.shape.map(() => -1);
    return this.params.map((_, i) => {
      begin[begin.length - 1] = i;
      size[size.length - 1] = 1;
      return tf.reshape(tf.slice(x, [...begin], [...size]), shape);
    });
  }

  dispose(): void {
    this.columns.forEach((c) => c.dispose());
  }
}

/** The sum of one or more tensors of one shape (no op for one). */
function sumAll<T extends tfjs.Tensor>(tf: Tf, parts: T[]): T {
  return (parts.length === 1 ? parts[0]! : tf.addN(parts)) as T;
}
