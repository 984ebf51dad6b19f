/**
 * A compiled run's optimizer state as the views show it: per state slot of the table's rule, the
 * first particle's values, the mean over the live particles, and the slot's bias correction at step t
 * (Adam's 1/(1 − βᵗ); 1 elsewhere), all from the run's arrays. The mean reads at most the first
 * `MEAN_PARTICLES` particles, so that a frame costs no more than a fraction of a step of a huge run.
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
  const names = plan.rule.slots;
  if (names.length === 0 || P < 1) return null;
  const D = plan.D;
  const first = arrays.slots.map((s) => Array.from(s.subarray(0, D)));
  const mean = arrays.slots.map((s) => {
    const sum = new Array<number>(D).fill(0);
    let live = 0;
    for (let p = 0; p < Math.min(P, MEAN_PARTICLES); p++) {
      if (!arrays.alive[p]) continue;
      live++;
      for (let d = 0; d < D; d++) sum[d]! += s[p * D + d]!;
    }
    return sum.map((v) => (live > 0 ? v / live : NaN));
  });
  return { slots: [...names], first, mean, correction: stateCorrections(plan.optimizer, t, plan.batch) };
}
