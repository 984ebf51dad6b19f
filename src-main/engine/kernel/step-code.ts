/**
 * The body of one particle's step, for both kernels (JavaScript and WGSL): sets `L` (the loss seen at
 * the step's start), `w_x<d>` and `w_s<k>_<d>`, by the run's dynamics: gradient flow (flow-code.ts),
 * Langevin (langevin-code.ts, its minibatch covariance pass each kernel's own) or sgd, the gradient
 * estimate (estimate-code.ts) then the optimizer's update (dialect.ts).
 */
import { updateLines } from './dialect';
import { estimateLines, type KernelSpelling } from './estimate-code';
import { flowLines } from './flow-code';
import { langevinLines } from './langevin-code';
import type { KernelPlan } from './plan';

/** The step's lines; `minibatchNoise(S)` writes Langevin's minibatch noise from S fresh examples. */
export function stepLines(k: KernelSpelling, plan: KernelPlan, minibatchNoise: (S: number) => string[]): string[] {
  const dyn = plan.dynamics;
  if (dyn.type === 'gradient-flow') return flowLines(k, plan, dyn.substeps);
  if (dyn.type === 'langevin')
    return langevinLines(k, plan, dyn.substeps, () => minibatchNoise((dyn as { sigmaSample: number }).sigmaSample));
  return [...estimateLines(k, plan), ...updateLines(k.dialect, plan)];
}
