/** Steps one particle range of one run through a block of precomputed step values, then takes its full losses. */
import type { RunKernel } from '../kernel/js-kernel';
import type { RunArrays } from './arrays';

/**
 * Steps t0+1 … t0+steps of particles [from, to) (`values`: K numbers per step; `hyper`: the run's
 * hyperparameter block), then their losses at t0+steps.
 */
export function advanceRange(
  kernel: RunKernel,
  a: RunArrays,
  from: number,
  to: number,
  t0: number,
  steps: number,
  values: Float64Array,
  hyper: Float64Array,
): void {
  if (steps > 0 && to > from) kernel.step(a.phi, a.slots, a.alive, a.death, from, to, t0, steps, values, hyper);
  kernel.losses(a.phi, a.alive, a.death, a.loss, from, to, t0 + steps);
}
