/** Steps one particle range of one run through a block of precomputed step values, then takes its full losses. */
import type { RunKernel } from '../kernel/js-kernel';
import type { KernelPlan } from '../kernel/plan';
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

/**
 * τ after a block: `tau0` plus η_t of each of its `steps` steps, added one by one in step order (the
 * first of the K values per step that `stepValues` gives), as every backend sums it.
 */
export function addTau(tau0: number, values: Float64Array, plan: Pick<KernelPlan, 'perStep'>, steps: number): number {
  const K = 1 + plan.perStep.length;
  let tau = tau0;
  for (let k = 0; k < steps; k++) tau += values[k * K]!;
  return tau;
}
