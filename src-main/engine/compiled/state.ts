/**
 * A compiled run's optimizer state as the views show it: per state slot of the table's rule, the
 * first particle's values, the mean over the live particles, and the slot's bias correction at step t
 * (Adam's 1/(1 − βᵗ); 1 elsewhere), all from the run's arrays. The mean reads at most the first
 * `MEAN_PARTICLES` particles, so that a frame costs no more than a fraction of a step of a huge run.
 * `stateFrame` builds the same frame from any layout (the GPU's interleaved rows).
 */
import type { OptimizerStateFrame } from '../../../shared/contract/lab';
import { stateCorrections } from '../../../shared/optim/averages';
import type { KernelPlan } from '../kernel/plan';
import type { RunArrays } from './arrays';

/** Particles the ensemble mean reads at most (an unbiased sample of a larger ensemble: starts are i.i.d.). */
export const MEAN_PARTICLES = 100_000;

/** The state of particles [0, P) after step t; null for a stateless rule (SGD). */
export function optimizerStateOf(
  plan: KernelPlan,
  arrays: RunArrays,
  P: number,
  t: number,
): OptimizerStateFrame | null {
  const D = plan.D;
  return stateFrame(
    plan,
    t,
    Math.min(P, MEAN_PARTICLES),
    (slot, p, d) => arrays.slots[slot]![p * D + d]!,
    (p) => arrays.alive[p] !== 0,
  );
}

/**
 * The frame of any layout: `value(slot, p, d)` is particle p's slot value in coordinate d, `alive(p)`
 * its liveness; the mean is over the live ones of particles [0, count), particle 0 is the first.
 */
export function stateFrame(
  plan: KernelPlan,
  t: number,
  count: number,
  value: (slot: number, p: number, d: number) => number,
  alive: (p: number) => boolean,
): OptimizerStateFrame | null {
  const names = plan.rule.slots;
  if (names.length === 0 || count < 1) return null;
  const D = plan.D;
  const coords = Array.from({ length: D }, (_, d) => d);
  const first = names.map((_, s) => coords.map((d) => value(s, 0, d)));
  const mean = names.map((_, s) => {
    const sum = new Array<number>(D).fill(0);
    let live = 0;
    for (let p = 0; p < count; p++) {
      if (!alive(p)) continue;
      live++;
      for (let d = 0; d < D; d++) sum[d]! += value(s, p, d);
    }
    return sum.map((v) => (live > 0 ? v / live : NaN));
  });
  return { slots: [...names], first, mean, correction: stateCorrections(plan.optimizer, t, plan.batch) };
}
