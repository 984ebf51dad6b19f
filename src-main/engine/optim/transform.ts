/**
 * Optimizers as composable pure gradient transforms (optax style). A transform maps the incoming
 * updates (at first the gradient estimate ĝ) and its own state to outgoing updates and a new state;
 * a chain feeds each transform's output to the next, and the step applies Φ ← Φ + u. All tensors are
 * [P, D]: one row per particle. Transforms never dispose their inputs; callers run them in tf.tidy.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../api';

export type State = tfjs.Tensor[];

/** What a step knows besides the gradient. */
export interface StepInfo {
  /** The step, 1-based. */
  t: number;
  /** η_t, the scheduled learning rate of this step. */
  lr: number;
  /** The batch B of this step's estimate (1 for an exact gradient). */
  batch: number;
  /** Σ_b ĝ_b² over the batch's per-example gradients [P, D], when a transform asked for it. */
  exampleSquares?: tfjs.Tensor;
}

export interface Transform {
  /** How many state tensors the transform keeps. */
  readonly slots: number;
  init(params: tfjs.Tensor): State;
  update(updates: tfjs.Tensor, state: State, params: tfjs.Tensor, info: StepInfo): [tfjs.Tensor, State];
  /** True when the transform needs `exampleSquares`. */
  readonly needsExamples?: boolean;
  /** Frees what the transform keeps between steps (cached constants), if anything. */
  dispose?(): void;
}

/** Applies transforms in order; the state is the concatenation of theirs. */
export function chain(...transforms: Transform[]): Transform {
  return {
    slots: transforms.reduce((n, tr) => n + tr.slots, 0),
    needsExamples: transforms.some((tr) => tr.needsExamples),
    init(params) {
      return transforms.flatMap((tr) => tr.init(params));
    },
    update(updates, state, params, info) {
      let u = updates;
      const next: State = [];
      let offset = 0;
      for (const tr of transforms) {
        const [out, s] = tr.update(u, state.slice(offset, offset + tr.slots), params, info);
        offset += tr.slots;
        next.push(...s);
        u = out;
      }
      return [u, next];
    },
    dispose() {
      transforms.forEach((tr) => tr.dispose?.());
    },
  };
}

/**
 * Scalar tensors made once per value and kept until disposed, so a step does not upload the same
 * constant again (tf.mul(x, c) with a number c makes a float32 scalar each time: the same values).
 * Only for values fixed for the transform's life; `latest` holds one changing value (η_t).
 */
export class Constants {
  private readonly cache = new Map<number, tfjs.Tensor>();
  private last?: { value: number; tensor: tfjs.Tensor };

  constructor(private readonly tf: Tf) {}

  get(value: number): tfjs.Tensor {
    let c = this.cache.get(value);
    if (!c) {
      c = this.tf.keep(this.tf.scalar(value, 'float32'));
      this.cache.set(value, c);
    }
    return c;
  }

  /** A scalar for a value that changes now and then: only the latest one is kept. */
  latest(value: number): tfjs.Tensor {
    if (this.last && Object.is(this.last.value, value)) return this.last.tensor;
    this.last?.tensor.dispose();
    this.last = { value, tensor: this.tf.keep(this.tf.scalar(value, 'float32')) };
    return this.last.tensor;
  }

  dispose(): void {
    this.cache.forEach((c) => c.dispose());
    this.cache.clear();
    this.last?.tensor.dispose();
    this.last = undefined;
  }
}

/** The i-th state tensor (present by construction). */
export function slot(state: State, i: number): tfjs.Tensor {
  const s = state[i];
  if (!s) throw new Error(`optimizer state slot ${i} missing`);
  return s;
}
