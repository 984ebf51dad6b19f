/**
 * A run's particle ensemble on the compiled backend, stepped on the calling thread (the lab host's
 * workers, tests, small runs). The command line's runner splits the same kernels over threads
 * (parallel-runner.ts); both give the same numbers, bit for bit. A hot change of the hyperparameters
 * only writes the plan's block (shared/kernel/hyper-block.ts); any other plans and compiles the run again.
 */
import { learningRate } from '../../../shared/schedule';
import type { OptimizerStateFrame } from '../../../shared/contract/lab';
import type { Experiment, Run } from '../../../shared/experiment/experiment';
import type { DataSet, HyperPatch, RunCore, RunFrame, RunStats } from '../api';
import { carriedArrays, carryOver, patchedRun } from '../carry-over';
import type { RunKernel } from '../kernel/js-kernel';
import { stepValues } from '../../../shared/kernel/step-values';
import { retune, type KernelPlan } from '../kernel/plan';
import { frameOf } from '../run-frame';
import { addTau } from './advance';
import { allocateArrays, type RunArrays } from './arrays';
import { compileRun } from './compiled-run';
import { optimizerStateOf } from './state';
import { summarize } from './summary';

/** Steps per kernel call: bounds the per-step value table (η_t …) that one call reads. */
export const BLOCK_STEPS = 1 << 14;

export class CompiledEnsemble implements RunCore {
  private current: Run;
  private plan!: KernelPlan;
  private kernel!: RunKernel;
  private arrays: RunArrays;
  private step_ = 0;
  private tau = 0;

  constructor(
    private readonly experiment: Experiment,
    private readonly runIndex: number,
    private readonly data: DataSet,
  ) {
    const run = experiment.runs[runIndex];
    if (!run) throw new Error(`no run ${runIndex}`);
    this.current = run;
    this.configure(run);
    const P = run.particles;
    this.arrays = allocateArrays(P, this.plan.D, this.plan.rule.slots.length, false);
    this.kernel.init(this.arrays.phi, 0, P);
  }

  get run(): Run {
    return this.current;
  }

  get t(): number {
    return this.step_;
  }

  private configure(run: Run): void {
    ({ plan: this.plan, kernel: this.kernel } = compileRun(this.experiment, run, this.runIndex, this.data));
  }

  step(n: number): void {
    const a = this.arrays;
    for (let done = 0; done < n;) {
      const count = Math.min(BLOCK_STEPS, n - done);
      const values = stepValues(this.plan, this.current, this.step_, count);
      this.kernel.step(
        a.phi,
        a.slots,
        a.alive,
        a.death,
        0,
        this.current.particles,
        this.step_,
        count,
        values,
        this.plan.hyper,
      );
      this.tau = addTau(this.tau, values, this.plan, count);
      this.step_ += count;
      done += count;
    }
  }

  /** The statistics and the first `max` positions (float64 when `precise`, else float32 for the views). */
  read(max: number, precise = false): RunFrame {
    return frameOf(this.stats(), this.positions64(max), precise);
  }

  private stats(): RunStats {
    const a = this.arrays;
    this.kernel.losses(a.phi, a.alive, a.death, a.loss, 0, this.current.particles, this.step_);
    return {
      t: this.step_,
      lr: learningRate(this.current.schedule, this.plan.optimizer.lr, Math.max(this.step_, 1)),
      ...summarize(a, this.current.particles),
      examples: this.step_ * this.plan.batch,
      tau: this.tau,
    };
  }

  positions64(max: number): Float64Array {
    const m = Math.max(0, Math.min(max, this.current.particles));
    return this.arrays.phi.slice(0, m * this.plan.D);
  }

  state(): OptimizerStateFrame | null {
    return optimizerStateOf(this.plan, this.arrays, this.current.particles, this.step_);
  }

  headGradient(): number[] | null {
    const a = this.arrays;
    const D = this.plan.D;
    if (this.current.particles < 1 || !a.alive[0]) return null;
    const g = this.kernel.lossAndGrad(Array.from(a.phi.subarray(0, D))).slice(1, 1 + D);
    return g.every(Number.isFinite) ? g : null;
  }

  /** The full loss and gradient at a point (for the views and tests). */
  lossAndGrad(x: readonly number[]): number[] {
    return this.kernel.lossAndGrad(x);
  }

  /** The changed settings from the next step on: a new hyperparameter block where the shape is kept (see carryOver). */
  setHyper(patch: HyperPatch): void {
    const old = this.current;
    const run = patchedRun(old, patch);
    const slotsBefore = this.plan.rule.slots.length;
    this.current = run;
    const retuned = retune(this.plan, run);
    if (retuned) this.plan = retuned;
    else this.configure(run);
    const D = this.plan.D;
    const c = carryOver(old, slotsBefore, run, this.plan.rule.slots.length);
    if (c.inPlace) return;
    this.arrays = carriedArrays(this.arrays, c, run.particles, D, this.plan.rule.slots.length, (phi, p0, p1) =>
      this.kernel.init(phi, p0, p1),
    );
  }

  dispose(): void {
    // Plain typed arrays: nothing to free by hand.
  }
}
