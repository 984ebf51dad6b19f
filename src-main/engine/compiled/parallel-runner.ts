/**
 * The compiled backend's RunSet for a whole experiment, over a pool of threads sharing memory: the
 * main thread and each worker step a contiguous particle range of every run, all runs advance in
 * lockstep, and the main thread reads the statistics and positions from the shared arrays (the
 * recording loop is record.ts's). Every draw is keyed by (seed, run, particle, step, stream) and the
 * sums run in particle order on the main thread, so the recording does not depend on the number of
 * threads, to the last bit.
 */
import { availableParallelism } from 'node:os';
import type { Experiment } from '../../../shared/experiment/experiment';
import type { RunRecording } from '../../../shared/experiment/recording';
import type { DataSet, RunFrame, RunSet } from '../api';
import type { RunKernel } from '../kernel/js-kernel';
import { stepValues } from '../../../shared/kernel/step-values';
import type { KernelPlan } from '../kernel/plan';
import { recordExperiment } from '../record';
import { addTau, advanceRange } from './advance';
import { allocateArrays, buffersOf, type RunArrays } from './arrays';
import { compileRun } from './compiled-run';
import { summarize } from './summary';
import type { ThreadInit, ThreadRequest } from './thread-protocol';
import { rangeOf, ThreadPool } from './thread-pool';

/** Below this many particles in all runs together, threads cost more than they gain. */
const MIN_PARALLEL_PARTICLES = 2048;
/** Steps per block of precomputed step values (bounds their memory). */
const BLOCK_STEPS = 1 << 16;

export interface CompiledRunOptions {
  /** Threads to use, the main thread included (default: the machine's cores). */
  threads?: number;
  onProgress?: (run: number, t: number) => void;
}

/** One run of the set: its plan and kernel, its (shared) arrays, the main thread's range [0, to), τ so far. */
interface Member {
  run: Experiment['runs'][number];
  plan: KernelPlan;
  kernel: RunKernel;
  source: string;
  arrays: RunArrays;
  to: number;
  tau: number;
}

/** Every run of `experiment` on the compiled kernels, stepped over `threads` threads. */
export class CompiledRunSet implements RunSet {
  private t_ = 0;

  private constructor(
    private readonly members: Member[],
    private readonly pool: ThreadPool<ThreadRequest> | null,
  ) {}

  static create(experiment: Experiment, data: DataSet, threads?: number): CompiledRunSet {
    const total = experiment.runs.reduce((n, r) => n + r.particles, 0);
    const wanted = Math.max(1, Math.floor(threads ?? availableParallelism()));
    const parts = total < MIN_PARALLEL_PARTICLES ? 1 : wanted;
    const D = experiment.loss.params.length;
    const members = experiment.runs.map((run, i): Member => {
      const { plan, kernel, source } = compileRun(experiment, run, i, data);
      const arrays = allocateArrays(run.particles, D, plan.rule.slots.length, parts > 1);
      kernel.init(arrays.phi, 0, run.particles);
      // The full losses at t = 0 (a block of no steps).
      advanceRange(kernel, arrays, 0, run.particles, 0, 0, new Float64Array(0), plan.hyper);
      return { run, plan, kernel, source, arrays, to: rangeOf(run.particles, parts, 0)[1], tau: 0 };
    });
    let pool: ThreadPool<ThreadRequest> | null = null;
    if (parts > 1) {
      const cols = data.columns.map((c) => {
        const s = new Float64Array(new SharedArrayBuffer(8 * c.length));
        s.set(c);
        return s;
      });
      pool = new ThreadPool<ThreadRequest>(
        'compiled-thread',
        Array.from({ length: parts - 1 }, (_, w): ThreadInit => ({
          cols,
          runs: members.map((r) => {
            const [from, to] = rangeOf(r.run.particles, parts, w + 1);
            return { source: r.source, hyper: r.plan.hyper, buffers: buffersOf(r.arrays), from, to };
          }),
        })),
      );
    }
    return new CompiledRunSet(members, pool);
  }

  get runs() {
    return this.members.map((m) => m.run);
  }

  get t(): number {
    return this.t_;
  }

  failure(): null {
    return null;
  }

  /** Blocks of at most BLOCK_STEPS steps, each run's full losses computed after each block. */
  async step(k: number): Promise<void> {
    const end = this.t_ + k;
    while (this.t_ < end) {
      const t = this.t_;
      const steps = Math.min(BLOCK_STEPS, end - t);
      const values = this.members.map((r) => stepValues(r.plan, r.run, t, steps));
      const workers = this.pool?.request({ type: 'advance', t0: t, steps, values });
      this.members.forEach((r, i) => advanceRange(r.kernel, r.arrays, 0, r.to, t, steps, values[i]!, r.plan.hyper));
      await workers;
      this.members.forEach((r, i) => (r.tau = addTau(r.tau, values[i]!, r.plan, steps)));
      this.t_ += steps;
    }
  }

  read(i: number, count: number): RunFrame {
    const r = this.members[i]!;
    const t = this.t_;
    const D = r.plan.D;
    return {
      stats: {
        t,
        lr: stepValues(r.plan, r.run, Math.max(t, 1) - 1, 1)[0]!,
        examples: t * r.plan.batch,
        tau: r.tau,
        ...summarize(r.arrays, r.run.particles),
      },
      positions: r.arrays.phi.subarray(0, Math.min(count, r.run.particles) * D),
    };
  }

  async dispose(): Promise<void> {
    await this.pool?.close();
  }
}

/** A whole experiment recorded on the compiled kernels (SPEC §9 run entries). */
export function runCompiled(
  experiment: Experiment,
  data: DataSet,
  opts: CompiledRunOptions = {},
): Promise<RunRecording[]> {
  const set = CompiledRunSet.create(experiment, data, opts.threads);
  return recordExperiment(set, experiment, opts.onProgress ? { onRecord: opts.onProgress } : {});
}
