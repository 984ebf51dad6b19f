/**
 * A model experiment's runs over several threads sharing memory (SPEC §13: P copies trained in
 * lockstep on every core): each run's weights, state and measures live in SharedArrayBuffers; the
 * main thread and each worker (model-thread.ts) step the particles they take one at a time from the
 * run's shared counter (a thread that the machine slows down takes fewer: no thread waits on a fixed
 * share), measure one contiguous particle range of every run, and the main thread sums the measures
 * in particle order. Every draw is keyed by (stream, particle, step), so the recording depends
 * neither on the number of threads nor on which thread stepped a particle, to the bit.
 */
import type { ModelData, ModelExamples } from '../../../shared/data/model-data';
import type { Experiment } from '../../../shared/experiment/experiment';
import type { RunFrame, RunSet } from '../api';
import { allocateArrays, buffersOf, type RunBuffers } from '../compiled/arrays';
import { rangeOf, ThreadPool } from '../compiled/thread-pool';
import { runShape } from '../../../shared/kernel/hyper-block';
import { MEASURES } from './measures';
import { modelNet, ModelRun, STEP_BLOCK } from './model-run';

/** What a model thread starts with: the experiment, its data, and each run's shared arrays and its range [from, to). */
export interface ModelThreadInit {
  experiment: Experiment;
  data: ModelData;
  runs: {
    index: number;
    buffers: RunBuffers;
    measures: ArrayBufferLike;
    next: ArrayBufferLike;
    from: number;
    to: number;
  }[];
}

/** A model thread's requests: step its particles of every run `steps` steps, or measure its particles of run `run`. */
export type ModelThreadRequest = { type: 'step'; steps: number } | { type: 'measure'; run: number };

/** A typed array's copy in shared memory. */
function shared<T extends Float64Array | Int32Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

const sharedSet = (e: ModelExamples): ModelExamples => ({ ...e, x: shared(e.x), y: shared(e.y) }) as ModelExamples;

export class ModelThreadSet implements RunSet {
  private t_ = 0;

  private constructor(
    private readonly engines: ModelRun[],
    private readonly pool: ThreadPool<ModelThreadRequest>,
    /** Each run's next particle to step, shared by every thread. */
    private readonly next: Int32Array[],
  ) {}

  /** The runs of `experiment` over `threads` threads (the main one included). */
  static create(experiment: Experiment, data: ModelData, threads: number): ModelThreadSet {
    const net = modelNet(experiment.loss.model!, data);
    const D = net.D;
    const shareable: ModelData = {
      ...data,
      train: sharedSet(data.train),
      test: data.test ? sharedSet(data.test) : null,
    };
    const runs = experiment.runs.map((run, index) => {
      const arrays = allocateArrays(run.particles, D, runShape(run).rule.slots.length, true);
      const measures = new Float64Array(new SharedArrayBuffer(8 * MEASURES * run.particles));
      const next = new Int32Array(new SharedArrayBuffer(4));
      return { run, index, arrays, measures, next };
    });
    const engines = runs.map(
      (r) =>
        new ModelRun(experiment, r.index, shareable, {
          arrays: r.arrays,
          measures: r.measures,
          next: r.next,
          from: 0,
          to: rangeOf(r.run.particles, threads, 0)[1],
        }),
    );
    const pool = new ThreadPool<ModelThreadRequest>(
      'model-thread',
      Array.from({ length: threads - 1 }, (_, w): ModelThreadInit => ({
        experiment,
        data: shareable,
        runs: runs.map((r) => {
          const [from, to] = rangeOf(r.run.particles, threads, w + 1);
          return {
            index: r.index,
            buffers: buffersOf(r.arrays),
            measures: r.measures.buffer,
            next: r.next.buffer,
            from,
            to,
          };
        }),
      })),
    );
    return new ModelThreadSet(
      engines,
      pool,
      runs.map((r) => r.next),
    );
  }

  get runs() {
    return this.engines.map((e) => e.run);
  }

  get dims(): number {
    return this.engines[0]?.D ?? 0;
  }

  get t(): number {
    return this.t_;
  }

  /** k steps, in blocks of at most STEP_BLOCK: each block's particles dealt afresh from the counters. */
  async step(k: number): Promise<void> {
    for (let done = 0; done < k; done += STEP_BLOCK) {
      const n = Math.min(STEP_BLOCK, k - done);
      // No thread steps now (the last block was awaited), and each takes particles after this request.
      for (const next of this.next) Atomics.store(next, 0, 0);
      const others = this.pool.request({ type: 'step', steps: n });
      for (const e of this.engines) e.step(n);
      await others;
    }
    this.t_ += k;
  }

  async read(i: number, count: number): Promise<RunFrame> {
    const e = this.engines[i]!;
    const others = this.pool.request({ type: 'measure', run: i });
    e.measure();
    await others;
    return { stats: e.summary(), positions: e.positions64(count) };
  }

  failure(): null {
    return null;
  }

  async dispose(): Promise<void> {
    await this.pool.close();
  }
}
