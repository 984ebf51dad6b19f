/**
 * Runs a whole experiment on the compiled backend over a pool of threads sharing memory: each thread
 * steps a contiguous particle range of every run, all runs advance in lockstep from one recorded step
 * to the next, and the main thread reads the statistics and positions from the shared arrays. Every
 * draw is keyed by (seed, run, particle, step, stream) and the sums run in particle order on the main
 * thread, so the recording does not depend on the number of threads, to the last bit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { learningRate } from '../../../shared/schedule';
import type { Experiment } from '../../../shared/spec/experiment';
import type { RunRecording } from '../../../shared/spec/recording';
import { runBatch } from '../../../shared/spec/hyper';
import type { DataSet } from '../api';
import { recordedSteps, rows } from '../record';
import { allocateArrays, buffersOf, compileRun, type RunArrays } from './compiled-run';
import { RunSlice } from './run-slice';
import { summarize } from './summary';
import type { ThreadInit, ThreadReply, ThreadRequest } from './thread-protocol';

/** Below this many particles in all runs together, threads cost more than they gain. */
const MIN_PARALLEL_PARTICLES = 2048;

export interface CompiledRunOptions {
  /** Threads to use (default: the machine's cores). */
  threads?: number;
  onProgress?: (run: number, t: number) => void;
}

function threadUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./thread-entry.mjs', here) : new URL('./compiled-thread.js', here);
}

/** A pool of threads, each owning one particle range of every run. */
class ThreadPool {
  private readonly workers: Worker[];

  constructor(init: ThreadInit[]) {
    this.workers = init.map((data) => new Worker(threadUrl(), { workerData: data }));
  }

  /** Every thread advances its ranges by `steps` from t0; rejects with the first failure. */
  advance(t0: number, steps: number): Promise<void> {
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
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
            const cleanup = () => {
              w.off('message', onMessage);
              w.off('error', onError);
              w.off('exit', onExit);
            };
            w.on('message', onMessage);
            w.on('error', onError);
            w.on('exit', onExit);
            w.postMessage({ type: 'advance', t0, steps } satisfies ThreadRequest);
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

  // The main thread's own view of every run (whole range): it initializes and summarizes.
  const arrays: RunArrays[] = [];
  const mains = experiment.runs.map((run, i) => {
    const { plan, kernel } = compileRun(experiment, run, i, data);
    const a = allocateArrays(run.particles, D, plan.rule.slots.length, shared);
    kernel.init(a.phi, 0, run.particles);
    arrays.push(a);
    return new RunSlice(experiment, i, data, a, 0, run.particles);
  });
  const pool =
    threads > 1
      ? new ThreadPool(
          Array.from({ length: threads }, (_, k) => ({
            experiment,
            data,
            runs: experiment.runs.map((run, i) => {
              const [from, to] = rangeOf(run.particles, threads, k);
              return { buffers: buffersOf(arrays[i]!), from, to };
            }),
          })),
        )
      : null;

  const recs: RunRecording[] = experiment.runs.map((run) => ({
    name: run.name,
    t: [],
    lr: [],
    examples: [],
    tau: [],
    loss: [],
    positions: [],
    final: { t: 0, positions: [], loss: null },
    diverged: null,
  }));
  const taus = experiment.runs.map(() => 0);
  const every = experiment.record.every;
  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  try {
    let t = 0;
    for (const next of recordedSteps(experiment.steps, every)) {
      const steps = next - t;
      if (pool) {
        await pool.advance(t, steps);
        // The threads computed the losses of their ranges; nothing else to do here.
      } else for (const m of mains) m.advance(t, steps);
      experiment.runs.forEach((run, i) => {
        const lr0 = mains[i]!.plan.optimizer.lr;
        for (let s = t + 1; s <= next; s++) taus[i]! += learningRate(run.schedule, lr0, s);
        const a = arrays[i]!;
        const sum = summarize(a, run.particles);
        const rec = recs[i]!;
        rec.t.push(next);
        rec.lr.push(learningRate(run.schedule, lr0, Math.max(next, 1)));
        rec.examples.push(next * runBatch(run));
        rec.tau.push(taus[i]!);
        rec.loss.push(finiteOrNull(sum.loss));
        const k = Math.min(experiment.record.particles, run.particles);
        rec.positions.push(rows(a.phi.subarray(0, k * D), D));
        if (next === experiment.steps) {
          rec.final = { t: next, positions: rows(a.phi, D), loss: finiteOrNull(sum.loss) };
          rec.diverged = sum.diverged;
        }
        opts.onProgress?.(i, next);
      });
      t = next;
    }
  } finally {
    await pool?.close();
  }
  return recs;
}
