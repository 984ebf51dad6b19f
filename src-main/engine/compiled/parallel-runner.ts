/**
 * Runs a whole experiment on the compiled backend over a pool of threads sharing memory: the main
 * thread and each worker step a contiguous particle range of every run, all runs advance in lockstep
 * from one recorded step to the next, and the main thread reads the statistics and positions from
 * the shared arrays. Every draw is keyed by (seed, run, particle, step, stream) and the sums run in
 * particle order on the main thread, so the recording does not depend on the number of threads, to
 * the last bit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Experiment } from '../../../shared/spec/experiment';
import type { RunRecording } from '../../../shared/spec/recording';
import { bundledEntry } from '../../files/bundle';
import type { DataSet } from '../api';
import { stepValues } from '../kernel/plan';
import { recordedSteps, rows, RunRecordingBuilder } from '../record';
import { advanceRange } from './advance';
import { allocateArrays, buffersOf, type RunArrays } from './arrays';
import { compileRun } from './compiled-run';
import { summarize } from './summary';
import type { ThreadInit, ThreadReply, ThreadRequest } from './thread-protocol';

/** Below this many particles in all runs together, threads cost more than they gain. */
const MIN_PARALLEL_PARTICLES = 2048;
/** Steps per block of precomputed step values (bounds their memory). */
const BLOCK_STEPS = 1 << 16;

export interface CompiledRunOptions {
  /** Threads to use, the main thread included (default: the machine's cores). */
  threads?: number;
  onProgress?: (run: number, t: number) => void;
}

/** Worker threads, each owning one particle range of every run. */
class ThreadPool {
  private readonly workers: Worker[];

  constructor(init: ThreadInit[]) {
    this.workers = init.map((data) => new Worker(bundledEntry('compiled-thread'), { workerData: data }));
  }

  /** Every worker advances its ranges; rejects with the first failure. */
  advance(t0: number, steps: number, values: Float64Array[]): Promise<void> {
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const cleanup = () => {
              w.off('message', onMessage);
              w.off('error', onError);
              w.off('exit', onExit);
            };
            const onMessage = (reply: ThreadReply) => {
              cleanup();
              if (reply.type === 'done') resolve();
              else reject(new Error(reply.message));
            };
            const onError = (error: Error) => {
              cleanup();
              reject(error);
            };
            const onExit = (code: number) => {
              cleanup();
              reject(new Error(`a compute thread stopped (exit code ${code})`));
            };
            w.on('message', onMessage);
            w.on('error', onError);
            w.on('exit', onExit);
            w.postMessage({ type: 'advance', t0, steps, values } satisfies ThreadRequest);
          }),
      ),
    ).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** [from, to) of part k of P split into `parts` contiguous ranges. */
const rangeOf = (P: number, parts: number, k: number): [number, number] => [
  Math.floor((P * k) / parts),
  Math.floor((P * (k + 1)) / parts),
];

export async function runCompiled(
  experiment: Experiment,
  data: DataSet,
  opts: CompiledRunOptions = {},
): Promise<RunRecording[]> {
  const total = experiment.runs.reduce((n, r) => n + r.particles, 0);
  const wanted = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
  const threads = total < MIN_PARALLEL_PARTICLES ? 1 : wanted;
  const shared = threads > 1;
  const D = experiment.loss.params.length;

  const runs = experiment.runs.map((run, i) => {
    const { plan, kernel, source } = compileRun(experiment, run, i, data);
    const arrays: RunArrays = allocateArrays(run.particles, D, plan.rule.slots.length, shared);
    kernel.init(arrays.phi, 0, run.particles);
    return { run, plan, kernel, source, arrays, to: rangeOf(run.particles, threads, 0)[1] };
  });
  let pool: ThreadPool | null = null;
  if (threads > 1) {
    const cols = data.columns.map((c) => {
      const s = new Float64Array(new SharedArrayBuffer(8 * c.length));
      s.set(c);
      return s;
    });
    pool = new ThreadPool(
      Array.from({ length: threads - 1 }, (_, w) => ({
        cols,
        runs: runs.map((r) => {
          const [from, to] = rangeOf(r.run.particles, threads, w + 1);
          return { source: r.source, hyper: r.plan.hyper, buffers: buffersOf(r.arrays), from, to };
        }),
      })),
    );
  }

  const recs = runs.map(({ run }) => new RunRecordingBuilder(run.name));
  const taus = runs.map(() => 0);
  try {
    let t = 0;
    for (const next of recordedSteps(experiment.steps, experiment.record.every)) {
      // Blocks of at most BLOCK_STEPS steps up to the next recorded step (one block of 0 steps at t = 0).
      do {
        const steps = Math.min(BLOCK_STEPS, next - t);
        const values = runs.map((r) => stepValues(r.plan, r.run, t, steps));
        const workers = pool?.advance(t, steps, values);
        runs.forEach((r, i) => advanceRange(r.kernel, r.arrays, 0, r.to, t, steps, values[i]!, r.plan.hyper));
        await workers;
        runs.forEach((r, i) => {
          const K = 1 + r.plan.perStep.length;
          for (let k = 0; k < steps; k++) taus[i]! += values[i]![k * K]!;
        });
        t += steps;
      } while (t < next);
      runs.forEach((r, i) => {
        const sum = summarize(r.arrays, r.run.particles);
        const rec = recs[i]!;
        const k = Math.min(experiment.record.particles, r.run.particles);
        rec.take({
          t: next,
          lr: stepValues(r.plan, r.run, Math.max(next, 1) - 1, 1)[0]!,
          examples: next * r.plan.batch,
          tau: taus[i]!,
          loss: sum.loss,
          positions: rows(r.arrays.phi.subarray(0, k * D), D),
        });
        if (next === experiment.steps) rec.finish(next, rows(r.arrays.phi, D), sum.loss, sum.diverged);
        opts.onProgress?.(i, next);
      });
    }
  } finally {
    await pool?.close();
  }
  return recs.map((r) => r.recording);
}
