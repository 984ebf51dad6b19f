/**
 * The live lab's landscape work, off the host's main thread and stoppable: a plane framed on a
 * landscape thread (live-plane.ts), then its loss grid on up to one thread per core, coarse to fine
 * (shared/landscape/grid.ts `gridLevels`), dealt in chunks of `CHUNK` points to whichever thread is
 * free; and the loss along a line (`interpolate`). `stop()` terminates the threads: the work's promise
 * rejects with `Stopped`, and no grid point is computed after it.
 */
import { availableParallelism } from 'node:os';
import type { ModelData } from '../../shared/data/model-data';
import type { Model } from '../../shared/experiment/experiment';
import { gridLevels, levelPoints } from '../../shared/landscape/grid';
import type { GridJob } from '../../shared/landscape/types';
import type { ThreadCaller } from '../files/thread-rpc';
import type { LiveFramedPlane, LivePlaneInput } from './live-plane';
import {
  landscapeThread,
  sharedExamples,
  type FrameThreadInit,
  type GridThreadInit,
  type GridThreadRequest,
} from './parallel-grid';

/** Grid points one request to a thread holds (the most work done after a stop is asked for). */
const CHUNK = 512;
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

/** One landscape request's threads (see above); `stop()` ends them. */
export class LandscapeJob {
  private readonly workers = new Set<ThreadCaller<GridThreadRequest>>();
  private stopped = false;

  /** Stops the work: its threads end and its promise rejects with `Stopped`. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const w of this.workers) void w.close(new Stopped());
    this.workers.clear();
  }

  /** The plane `input.request` asks for, framed on a thread. */
  frame(input: LivePlaneInput): Promise<LiveFramedPlane> {
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
    for (const level of levels)
      for (let at = 0; at < level.length; at += CHUNK) chunks.push(level.subarray(at, at + CHUNK));
    const total = levels.reduce((n, l) => n + l.length, 0);
    const count = Math.max(1, Math.min(availableParallelism(), Math.ceil(total / POINTS_PER_THREAD)));
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
