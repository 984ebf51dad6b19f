/**
 * TensorFlow.js as one more interpreter of the optimizer table's update statements
 * (shared/optim/descriptors.ts, read by shared/optim/language.ts): the same statements the compiled
 * kernels print and the float64 views evaluate, here run on whole [P, D] tensors (x = Φ, g = ĝ,
 * q = Σ_b ĝ_b², each slot one tensor), in float32. The rule's constants become scalars made once;
 * η_t and the per-step values (Adam's 1/(1 − βᵗ) …) scalars each step. Callers run `step` in tf.tidy.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import { optimizerDescriptor } from '../../../shared/optim/descriptors';
import { runStatements, statementsOf, type UpdateAlgebra } from '../../../shared/optim/language';
import type { Optimizer } from '../../../shared/experiment/experiment';
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
  /** Σ_b ĝ_b² over the batch's per-example gradients [P, D], when the rule reads q. */
  exampleSquares?: tfjs.Tensor;
}

/** One run's optimizer on TensorFlow.js. */
export interface TfRule {
  /** How many state tensors the rule keeps (its slots, in the table's order). */
  readonly slots: number;
  /** Whether a step needs `exampleSquares` (q). */
  readonly needsExamples: boolean;
  /** The zero state for parameters `params`. */
  init(params: tfjs.Tensor): State;
  /** The new parameters and state after one step with gradient estimate `grad`. */
  step(params: tfjs.Tensor2D, grad: tfjs.Tensor, state: State, info: StepInfo): [tfjs.Tensor2D, State];
  /** Frees the scalars the rule keeps. */
  dispose(): void;
}

/** The rule of an effective optimizer (N resolved, batch scaling applied) for batch B. */
export function interpretRule(tf: Tf, opt: Optimizer, batch: number): TfRule {
  const rule = optimizerDescriptor(opt.type).kernel;
  const statements = statementsOf(rule.update(opt));
  const needsExamples = rule.needsExamples(opt);
  const kept: tfjs.Tensor[] = [];
  const keep = (v: number) => {
    const s = tf.keep(tf.scalar(v, 'float32'));
    kept.push(s);
    return s;
  };
  const constants = Object.entries(rule.constants(opt, batch)).map(([name, v]) => [name, keep(v)] as const);
  const literals = new Map<number, tfjs.Tensor>();
  let lr: { value: number; tensor: tfjs.Tensor } | undefined;
  const literal = (v: number) => {
    let s = literals.get(v);
    if (!s) literals.set(v, (s = keep(v)));
    return s;
  };
  const alg: UpdateAlgebra<tfjs.Tensor> = {
    num: literal,
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: (a, b) => tf.div(a, b),
    neg: (a) => tf.neg(a),
    sqrt: (a) => tf.sqrt(a),
    sign: (a) => tf.sign(a),
  };
  /** η_t as a scalar kept while it stays the same (a constant schedule uploads it once). */
  const lrScalar = (value: number) => {
    if (!lr || !Object.is(lr.value, value)) {
      lr?.tensor.dispose();
      lr = { value, tensor: tf.keep(tf.scalar(value, 'float32')) };
    }
    return lr.tensor;
  };
  return {
    slots: rule.slots.length,
    needsExamples,
    init: (params) => rule.slots.map(() => tf.zerosLike(params)),
    step(params, grad, state, info) {
      const env = new Map<string, tfjs.Tensor>(constants);
      const names = rule.perStep?.names ?? [];
      const values = rule.perStep?.values(opt, info.t, info.batch) ?? [];
      names.forEach((name, i) => env.set(name, tf.scalar(values[i]!, 'float32')));
      rule.slots.forEach((slot, i) => env.set(slot, state[i]!));
      env.set('x', params).set('g', grad).set('lr', lrScalar(info.lr));
      if (needsExamples) env.set('q', info.exampleSquares ?? tf.square(grad));
      runStatements(statements, env, alg);
      return [env.get('x') as tfjs.Tensor2D, rule.slots.map((slot) => env.get(slot)!)];
    },
    dispose() {
      kept.forEach((t) => t.dispose());
      lr?.tensor.dispose();
      lr = undefined;
    },
  };
}
