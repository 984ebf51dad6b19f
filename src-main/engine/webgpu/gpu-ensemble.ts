/**
 * A run's particle ensemble on the GPU, for the lab's live runs: the RunCore of the compiled kernels
 * with its particles in GPU buffers. `step` only queues dispatches; `sync(max)` computes every
 * particle's full loss at step t and reads back the statuses, the losses and the first `max`
 * positions, which `read` then answers from (it throws before). The mean loss is
 * summed in float64 on the CPU, as the whole-experiment runner does.
 *
 * A hot change (`setHyper`) whose kernel is the same (η, the schedule, N/β, ε, λ, the noise's covariance)
 * only rewrites the hyperparameter buffer; any other rebuilds the kernel and carries the particles'
 * state across (read back, re-uploaded) as `carryOver` says.
 * The views' optimizer state and ∇L at the head come from the same read back.
 */
import { learningRate } from '../../../shared/schedule';
import type { Experiment, Run } from '../../../shared/experiment/experiment';
import type { DataSet, HyperPatch, RunCore, RunFrame, RunStats } from '../api';
import type { OptimizerStateFrame } from '../../../shared/contract/lab';
import { carryOver, patchedRun } from '../carry-over';
import type { RunArrays } from '../compiled/arrays';
import { stateFrame } from '../compiled/state';
import { summarize } from '../compiled/summary';
import { retune } from '../kernel/plan';
import { frameOf } from '../run-frame';
import type { GpuHandle } from './device';
import { GpuRun, type RunReadback } from './gpu-run';

/** A run's statistics from one read back (the CPU summary over float64 copies). */
export function summaryOf(r: RunReadback, P: number) {
  const alive = new Uint8Array(P);
  const death = new Int32Array(P);
  const loss = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    alive[i] = r.status[i] === 0 ? 1 : 0;
    death[i] = r.status[i]!;
    loss[i] = r.loss[i]!;
  }
  const arrays: RunArrays = { phi: new Float64Array(0), slots: [], alive, death, loss };
  return summarize(arrays, P);
}

/** `experiment` with run `runIndex` replaced by `run`. */
const withRun = (experiment: Experiment, runIndex: number, run: Run): Experiment => ({
  ...experiment,
  runs: experiment.runs.map((r, i) => (i === runIndex ? run : r)),
});

export class GpuEnsemble implements RunCore {
  readonly backend = 'webgpu' as const;
  readonly adapter: string;
  private step_ = 0;
  private tau = 0;
  /** The last read back and what it holds: its summary, how many positions, whether steps followed it. */
  private readback: RunReadback | null = null;
  private summary: ReturnType<typeof summarize> | null = null;
  private readCount = 0;
  private stale = true;

  private constructor(
    private readonly gpu: GpuHandle,
    private experiment: Experiment,
    private readonly runIndex: number,
    private readonly data: DataSet,
    private gpuRun: GpuRun,
  ) {
    this.adapter = gpu.name;
  }

  /** Compiles run `runIndex`'s kernel on `gpu` and uploads its start positions. */
  static async create(gpu: GpuHandle, experiment: Experiment, runIndex: number, data: DataSet): Promise<GpuEnsemble> {
    if (!experiment.runs[runIndex]) throw new Error(`no run ${runIndex}`);
    const gpuRun = await GpuRun.create(gpu.device, experiment, runIndex, data);
    return new GpuEnsemble(gpu, experiment, runIndex, data, gpuRun);
  }

  get run(): Run {
    return this.experiment.runs[this.runIndex]!;
  }

  get t(): number {
    return this.step_;
  }

  step(n: number): void {
    if (n <= 0) return;
    this.tau = this.gpuRun.advance(this.step_, n, false, this.tau);
    this.step_ += n;
    this.stale = true;
  }

  async sync(max: number): Promise<void> {
    const m = Math.max(0, Math.min(max, this.run.particles));
    if (!this.stale && m <= this.readCount) return;
    // The full losses at step t (a dispatch of no steps), unless the last read back has them.
    if (this.stale) this.gpuRun.advance(this.step_, 0, true);
    this.readback = await this.gpuRun.read(m);
    this.summary = summaryOf(this.readback, this.run.particles);
    this.readCount = m;
    this.stale = false;
  }

  private current(): { read: RunReadback; summary: ReturnType<typeof summarize> } {
    if (this.stale || !this.readback || !this.summary) throw new Error('GPU run: read before sync()');
    return { read: this.readback, summary: this.summary };
  }

  /** The statistics and the first `max` positions read back at the last `sync` (float64 when `precise`). */
  read(max: number, precise = false): RunFrame {
    return frameOf(this.stats(), this.positions64(max), precise);
  }

  private stats(): RunStats {
    const { summary } = this.current();
    const plan = this.gpuRun.plan;
    return {
      t: this.step_,
      lr: learningRate(this.run.schedule, plan.optimizer.lr, Math.max(this.step_, 1)),
      ...summary,
      examples: this.step_ * plan.batch,
      tau: this.tau,
    };
  }

  positions64(max: number): Float64Array {
    const { read } = this.current();
    const m = Math.max(0, Math.min(max, this.run.particles));
    if (m > this.readCount) throw new Error(`GPU run: ${m} positions asked, ${this.readCount} read back`);
    return read.positions.slice(0, m * this.gpuRun.plan.D);
  }

  /**
   * The optimizer's state as the views show it, from the state rows read back at the last `sync`: the
   * first particle's and the mean over the live ones of those read (the particles shown).
   */
  state(): OptimizerStateFrame | null {
    const { read } = this.current();
    const plan = this.gpuRun.plan;
    const { D } = plan;
    const W = D * (1 + plan.rule.slots.length);
    return stateFrame(
      plan,
      this.step_,
      this.readCount,
      (slot, p, d) => read.rows[p * W + (slot + 1) * D + d]!,
      (p) => read.status[p] === 0,
    );
  }

  /** ∇L at the first particle (as read back), from the run's kernel compiled for the CPU. */
  headGradient(): number[] | null {
    const { read } = this.current();
    const { D } = this.gpuRun.plan;
    if (this.readCount < 1 || read.status[0] !== 0) return null;
    const g = this.gpuRun.cpuKernel.lossAndGrad(Array.from(read.positions.subarray(0, D))).slice(1, 1 + D);
    return g.every(Number.isFinite) ? g : null;
  }

  async setHyper(patch: HyperPatch): Promise<void> {
    const old = this.run;
    const run = patchedRun(old, patch);
    const next = withRun(this.experiment, this.runIndex, run);
    this.stale = true;
    const retuned = retune(this.gpuRun.plan, run);
    const slots = this.gpuRun.plan.rule.slots.length;
    if (retuned && carryOver(old, slots, run, slots).inPlace) {
      this.gpuRun.retune(next, retuned);
      this.experiment = next;
      return;
    }
    // The slots are kept as carryOver says (startState checks the width too); a retuned plan is reused.
    const state = await this.gpuRun.readState();
    const rebuilt = await GpuRun.create(
      this.gpu.device,
      next,
      this.runIndex,
      this.data,
      { ...state, keepSlots: (nextSlots) => carryOver(old, slots, run, nextSlots).keepSlots },
      retuned ? { plan: retuned, kernel: this.gpuRun.cpuKernel } : undefined,
    );
    this.gpuRun.dispose();
    this.gpuRun = rebuilt;
    this.experiment = next;
  }

  dispose(): void {
    this.gpuRun.dispose();
  }
}
