/**
 * Divergence freezing of an ensemble on TensorFlow.js, shared by the formula engine (run-engine.ts)
 * and the model engine (model-engine.ts): a particle whose new position or loss is not finite keeps
 * its last finite position and state and stops, at step t − 1 when its loss at the step's start was
 * already not finite (the previous step made it unusable), else at t, as the compiled kernels do.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Tf } from '../api';
import type { State } from './interpret-optimizer';

/** Particles up to which the finiteness check is read back whole rather than reduced first. */
const READ_WHOLE = 4096;

/** An ensemble's tensors: Φ [P, D], the optimizer's state, liveness [P] (bool) and stop steps [P] (int32). */
export type TfParticles = {
  phi: tfjs.Tensor2D;
  slots: State;
  alive: tfjs.Tensor1D;
  death: tfjs.Tensor1D;
};

/** Whether every entry of `x` [P] is finite: one read back of x (small P) or of one reduction. */
export function allFinite(tf: Tf, x: tfjs.Tensor1D): boolean {
  if (x.size > READ_WHOLE) return tf.all(tf.isFinite(x)).dataSync()[0] === 1;
  const v = x.dataSync();
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/**
 * The particles after step t: `next` (Φ and state) where Φ_i + L_i stays finite, `cur` where it does
 * not. `loss` [P]: the loss at the step's start. `tryFast`: every particle is known alive and one small
 * read back is cheap; then, when every check is finite, the masks would change nothing and `next` is
 * returned as it is with `fast: true` (alive and death carried over unchanged). Call inside tf.tidy.
 */
export function freezeDiverged(
  tf: Tf,
  cur: TfParticles,
  next: Pick<TfParticles, 'phi' | 'slots'>,
  loss: tfjs.Tensor1D,
  t: number,
  tryFast: boolean,
): { particles: TfParticles; fast: boolean } {
  const check = tf.add(tf.sum(next.phi, 1), loss) as tfjs.Tensor1D;
  if (tryFast && allFinite(tf, check))
    return { particles: { ...next, alive: cur.alive, death: cur.death }, fast: true };
  const ok = tf.isFinite(check);
  const live = tf.logicalAnd(cur.alive, ok);
  const died = tf.logicalAnd(cur.alive, tf.logicalNot(ok));
  const mask = tf.broadcastTo(tf.expandDims(live, 1), cur.phi.shape);
  const keep = (a: tfjs.Tensor, b: tfjs.Tensor) => tf.where(a.shape.length === 2 ? mask : live, a, b);
  const at = tf.where(
    tf.isFinite(loss),
    tf.fill(cur.death.shape, t, 'int32'),
    tf.fill(cur.death.shape, Math.max(t - 1, 1), 'int32'),
  );
  const particles: TfParticles = {
    phi: keep(next.phi, cur.phi) as tfjs.Tensor2D,
    slots: next.slots === cur.slots ? cur.slots : next.slots.map((s, i) => keep(s, cur.slots[i]!)),
    alive: live as tfjs.Tensor1D,
    death: tf.where(died, at, cur.death) as tfjs.Tensor1D,
  };
  return { particles, fast: false };
}

/** Disposes the tensors of `old` that `next` does not carry over unchanged. */
export function disposeReplaced(old: TfParticles, next: TfParticles): void {
  if (old.phi !== next.phi) old.phi.dispose();
  old.slots.forEach((s) => !next.slots.includes(s) && s.dispose());
  if (old.alive !== next.alive) old.alive.dispose();
  if (old.death !== next.death) old.death.dispose();
}
