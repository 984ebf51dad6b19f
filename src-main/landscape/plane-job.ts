/**
 * The live lab's landscape work, off the host's main thread and stoppable: a plane framed on a
 * landscape thread (live-plane.ts), then its loss grid on up to one thread per core, coarse to fine
 * (shared/landscape/grid.ts `gridLevels`), dealt in chunks of points to whichever thread is free; and
 * the loss along a line (`interpolate`). Without warm threads (`sgd-lab landscape`) a job starts its
 * own threads and `stop()` terminates them; on the lab's warm threads (plane-threads.ts) `stop()` sets
 * the job's stop flag, which they read every few points. Either way the work's promise rejects with
 * `Stopped` at once.
 */
import { availableParallelism } from 'node:os';
import type { ModelData } from '../../shared/data/model-data';
import type { Model } from '../../shared/experiment/experiment';
import { gridLevels, levelPoints } from '../../shared/landscape/grid';
import type { GridJob } from '../../shared/landscape/types';
import type { ThreadCaller } from '../files/thread-rpc';
import type { LiveFramedPlane, LivePlaneInput } from './live-plane';
import type { PlaneThreads, WarmThread } from './plane-threads';
import type { WarmRequest } from './warm-grid';
import {
  landscapeThread,
  sharedExamples,
  type FrameThreadInit,
  type GridThreadInit,
  type GridThreadRequest,
} from './parallel-grid';

/**
 * Grid points one request to a thread holds at most (the most work done after a stop is asked for);
 * a job on threads of its own deals about 16 chunks a thread, so that no thread is left with a big last
 * chunk while the others wait (51² points in chunks of 512 on 2 threads: one thread did 59 % of them).
 */
const CHUNK = 512;
/** Chunks a thread of a job's own is dealt, about. */
const CHUNKS_PER_THREAD = 16;
/** The same on warm threads: smaller, so that a coarse grid is shared by every thread. */
const WARM_CHUNK = 48;
/** Points below which one more thread is not worth starting (~50 ms each). */
const POINTS_PER_THREAD = 256;

/** The work was stopped (a newer request superseded it, or it was cancelled). */
export class Stopped extends Error {
  constructor() {
    super('superseded');
    this.name = 'Stopped';
  }
}

/** The model and its data, the examples in shared memory (one copy for every thread). */
export interface GridModel {
  model: Model;
  data: ModelData;
}

/** `model` over `data` with the examples copied into shared memory (for the landscape threads). */
export function sharedModel(model: Model, data: ModelData): GridModel {
  return {
    model,
    data: { ...data, train: sharedExamples(data.train), test: data.test ? sharedExamples(data.test) : null },
  };
}

/** Numbers the jobs on warm threads (a thread keeps each job's grid under its number). */
let nextJob = 0;
/** Numbers the models the warm threads have seen (a thread builds each model's loss once). */
const modelKeys = new WeakMap<GridModel, number>();

/** One landscape request's work (see above); `stop()` ends it. */
export class LandscapeJob {
  private readonly workers = new Set<ThreadCaller<GridThreadRequest>>();
  private stopped = false;
  /** Raised (to 1) by `stop()`: the warm threads read it between points. */
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly id = ++nextJob;
  private readonly whenStopped: Promise<never>;
  private rejectStopped: (error: Stopped) => void = () => undefined;

  /** A job on `warm` threads, or (without) on threads of its own. */
  constructor(private readonly warm?: PlaneThreads) {
    this.whenStopped = new Promise<never>((_, reject) => (this.rejectStopped = reject));
    this.whenStopped.catch(() => undefined);
  }

  /** Stops the work: its promise rejects with `Stopped`; its own threads end, warm threads stop it. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.stopFlag, 0, 1);
    this.rejectStopped(new Stopped());
    for (const w of this.workers) void w.close(new Stopped());
    this.workers.clear();
  }

  /** The plane `input.request` asks for, framed on a thread. */
  frame(input: LivePlaneInput): Promise<LiveFramedPlane> {
    if (this.warm) return this.askWarm(this.warm.get()[0]!, { type: 'frame', input });
    const worker = this.start({ frame: input } satisfies FrameThreadInit);
    return this.ask<LiveFramedPlane>(worker, { type: 'frame' }).finally(() => {
      void worker.worker.terminate();
      this.workers.delete(worker);
    });
  }

  /** The training (or test) loss at every point of `job`'s grid, values[i·G + j], coarse to fine. */
  grid(job: GridJob, model: GridModel, test = false): Promise<Float64Array> {
    const G = job.alpha.length;
    const levels = gridLevels(G);
    const points = levels.map((_, l) => levelPoints(levels, l, G));
    return this.points(job, model, points, G * job.beta.length, test);
  }

  /**
   * The loss at (1 − s)·a + s·b for `count` s evenly over [from, to]: the grid job of a plane through a
   * with d1 = b − a and β = 0 (d2 any direction off the line, only there to make a plane).
   */
  line(a: Float64Array, b: Float64Array, s: number[], model: GridModel, test: boolean): Promise<Float64Array> {
    const d1 = b.map((x, d) => x - a[d]!);
    const d2 = new Float64Array(a.length);
    // The coordinate along which d1 is smallest, taken off d1: independent of d1 unless d1 = 0.
    let k = 0;
    for (let d = 1; d < d1.length; d++) if (Math.abs(d1[d]!) < Math.abs(d1[k]!)) k = d;
    const n2 = d1.reduce((sum, x) => sum + x * x, 0);
    d2[k] = 1;
    for (let d = 0; d < d2.length; d++) d2[d]! -= n2 > 0 ? (d1[k]! * d1[d]!) / n2 : 0;
    const job: GridJob = { plane: { kind: 'points', center: a, d1, d2 }, alpha: s, beta: s.map(() => 0) };
    const row = Int32Array.from(s, (_, j) => j);
    return this.points(job, model, [row], s.length * s.length, test).then((v) => v.slice(0, s.length));
  }

  private async points(
    job: GridJob,
    model: GridModel,
    levels: Int32Array[],
    size: number,
    test: boolean,
  ): Promise<Float64Array> {
    const values = new Float64Array(size).fill(NaN);
    const chunks: Int32Array[] = [];
    const total = levels.reduce((n, l) => n + l.length, 0);
    const count = Math.max(1, Math.min(availableParallelism(), Math.ceil(total / POINTS_PER_THREAD)));
    const even = Math.max(WARM_CHUNK, Math.ceil(total / (count * CHUNKS_PER_THREAD)));
    const chunk = this.warm ? WARM_CHUNK : Math.min(CHUNK, even);
    for (const level of levels)
      for (let at = 0; at < level.length; at += chunk) chunks.push(level.subarray(at, at + chunk));
    if (this.warm) return this.warmPoints(this.warm.get(), job, model, chunks, values, test);
    const init: GridThreadInit = { ...model, job };
    let next = 0;
    await Promise.all(
      Array.from({ length: count }, async () => {
        const worker = this.start(init);
        try {
          while (next < chunks.length) {
            const points = chunks[next++]!;
            const got = await this.ask<Float64Array>(worker, { type: 'points', points, test });
            points.forEach((p, k) => (values[p] = got[k]!));
          }
        } finally {
          this.workers.delete(worker);
          void worker.worker.terminate();
        }
      }),
    );
    return values;
  }

  /** `points` on warm threads: each is given the job's grid, then dealt chunks while there are any. */
  private async warmPoints(
    threads: WarmThread[],
    grid: GridJob,
    model: GridModel,
    chunks: Int32Array[],
    values: Float64Array,
    test: boolean,
  ): Promise<Float64Array> {
    let modelKey = modelKeys.get(model);
    if (modelKey === undefined) modelKeys.set(model, (modelKey = ++nextJob));
    const job = this.id;
    let next = 0;
    await Promise.all(
      threads.slice(0, chunks.length).map(async (thread) => {
        try {
          await this.askWarm(thread, { type: 'plane', job, modelKey, ...model, grid, stop: this.stopFlag });
          while (next < chunks.length) {
            const points = chunks[next++]!;
            const got = await this.askWarm<Float64Array>(thread, { type: 'points', job, points, test });
            points.forEach((p, k) => (values[p] = got[k]!));
          }
        } finally {
          void thread.call({ type: 'drop', job }).catch(() => undefined);
        }
      }),
    );
    return values;
  }

  /** A warm thread's answer to `request`, or `Stopped` as soon as the job is stopped. */
  private askWarm<T>(thread: WarmThread, request: WarmRequest): Promise<T> {
    if (this.stopped) return Promise.reject(new Stopped());
    return Promise.race([thread.call<T>(request), this.whenStopped]);
  }

  private start(workerData: GridThreadInit | FrameThreadInit): ThreadCaller<GridThreadRequest> {
    if (this.stopped) throw new Stopped();
    const worker = landscapeThread(workerData);
    this.workers.add(worker);
    return worker;
  }

  /** The thread's answer to `request`; rejects with its failure, its end or `Stopped`. */
  private ask<T>(worker: ThreadCaller<GridThreadRequest>, request: GridThreadRequest): Promise<T> {
    if (this.stopped) return Promise.reject(new Stopped());
    return worker.call<T>(request);
  }
}
