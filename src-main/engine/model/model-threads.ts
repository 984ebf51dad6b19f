/**
 * A model experiment's runs over several threads sharing memory (SPEC §13: P copies trained in
 * lockstep on every core): each run's weights, state and measures live in SharedArrayBuffers, the
 * main thread and each worker (model-thread.ts) step and measure one contiguous particle range of
 * every run, and the main thread sums the measures in particle order. Every draw is keyed by
 * (stream, particle, step), so the recording does not depend on the number of threads, to the bit.
 */
import type { ModelData, ModelExamples } from '../../../shared/data/model-data';
import type { Experiment } from '../../../shared/experiment/experiment';
import type { RunFrame, RunSet } from '../api';
import { allocateArrays, buffersOf, type RunBuffers } from '../compiled/arrays';
import { rangeOf, ThreadPool } from '../compiled/thread-pool';
import { runShape } from '../kernel/hyper-block';
import { MEASURES } from './measures';
import { modelNet, ModelRun } from './model-run';

/** What a model thread starts with: the experiment, its data, and each run's shared arrays and its range [from, to). */
export interface ModelThreadInit {
  experiment: Experiment;
  data: ModelData;
  runs: { index: number; buffers: RunBuffers; measures: ArrayBufferLike; from: number; to: number }[];
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
      return { run, index, arrays, measures };
    });
    const engines = runs.map(
      (r) =>
        new ModelRun(experiment, r.index, shareable, {
          arrays: r.arrays,
          measures: r.measures,
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
          return { index: r.index, buffers: buffersOf(r.arrays), measures: r.measures.buffer, from, to };
        }),
      })),
    );
    return new ModelThreadSet(engines, pool);
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

  async step(k: number): Promise<void> {
    const others = this.pool.request({ type: 'step', steps: k });
    for (const e of this.engines) e.step(k);
    await others;
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
