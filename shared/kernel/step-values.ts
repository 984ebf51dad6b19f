/**
 * The values a run's kernel reads at each step, besides its hyperparameter block: η_t from the
 * schedule and the optimizer rule's per-step values (Adam's bias corrections …), row per step. Every
 * backend reads the same table: the compiled and WGSL kernels and the page's path interpreter.
 */
import type { Optimizer, Run } from '../experiment/experiment';
import type { KernelRule } from '../optim/descriptors';
import { learningRate } from '../schedule';

/** What the per-step values depend on: the effective optimizer (N resolved, batch scaling applied). */
export interface StepValuePlan {
  optimizer: Optimizer;
  rule: KernelRule;
  batch: number;
  /** Names of the per-step values after η. */
  perStep: readonly string[];
}

/** Values of steps t0+1 … t0+count, row per step: [η_t, …the rule's per-step values]. */
export function stepValues(plan: StepValuePlan, run: Pick<Run, 'schedule'>, t0: number, count: number): Float64Array {
  const K = 1 + plan.perStep.length;
  const out = new Float64Array(count * K);
  for (let k = 0; k < count; k++) {
    const t = t0 + k + 1;
    out[k * K] = learningRate(run.schedule, plan.optimizer.lr, t);
    const extra = plan.rule.perStep?.values(plan.optimizer, t, plan.batch);
    extra?.forEach((v, j) => (out[k * K + 1 + j] = v));
  }
  return out;
}
