/** One thread's particle range [from, to) of one run: steps it and computes its full losses. */
import type { Experiment } from '../../../shared/spec/experiment';
import type { DataSet } from '../api';
import type { RunKernel } from '../kernel/js-kernel';
import { stepValues, type KernelPlan } from '../kernel/plan';
import { compileRun, type RunArrays } from './compiled-run';
import { BLOCK_STEPS } from './ensemble';

export class RunSlice {
  readonly plan: KernelPlan;
  readonly kernel: RunKernel;

  constructor(
    private readonly experiment: Experiment,
    runIndex: number,
    data: DataSet,
    readonly arrays: RunArrays,
    readonly from: number,
    readonly to: number,
  ) {
    ({ plan: this.plan, kernel: this.kernel } = compileRun(experiment, experiment.runs[runIndex]!, runIndex, data));
    this.runIndex = runIndex;
  }

  private readonly runIndex: number;

  /** Steps t0+1 … t0+steps, then the full losses at t0+steps. */
  advance(t0: number, steps: number): void {
    const a = this.arrays;
    const run = this.experiment.runs[this.runIndex]!;
    for (let done = 0; done < steps;) {
      const count = Math.min(BLOCK_STEPS, steps - done);
      const values = stepValues(this.plan, run, t0 + done, count);
      if (this.to > this.from)
        this.kernel.step(a.phi, a.slots, a.alive, a.death, this.from, this.to, t0 + done, count, values);
      done += count;
    }
    this.kernel.losses(a.phi, a.alive, a.death, a.loss, this.from, this.to, t0 + steps);
  }
}
