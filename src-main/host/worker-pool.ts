/**
 * The host's run workers: at most `size` worker threads (no more than the cores), each hosting the
 * runs assigned to it. A worker that dies fails what it was doing with the reason and leaves the pool;
 * the next `acquire` starts a fresh one.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bundledEntry } from '../files/bundle';
import { ThreadCaller, type ThreadWords } from '../files/thread-rpc';
import type { WorkerOptions, WorkerRequest } from './protocol';

/** The JS heap one run worker may use (typed arrays of particles live outside it). */
const WORKER_HEAP_MB = 4096;

/** A request without its sequence number (the handle numbers it). */
export type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'seq'> : never) : never;

/** Where the worker's code is: the bundled run worker (out/cli/worker.js). */
export function defaultWorkerUrl(): URL {
  return bundledEntry('worker');
}

const RUN_WORKER: ThreadWords = {
  crashed: (error) => `the run's worker crashed: ${error.message}`,
  stopped: (code) => `the run's worker stopped (exit code ${code})`,
};

/** One worker thread and its outstanding requests (files/thread-rpc.ts). */
export class WorkerHandle extends ThreadCaller<Request> {
  /** Runs assigned here (for load balancing). */
  load = 0;

  constructor(url: URL, options: WorkerOptions) {
    // A bounded JS heap: a run whose recording or state outgrows it fails with a reason; the lab goes on.
    super(
      new Worker(url, { workerData: options, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } }),
      RUN_WORKER,
    );
  }
}

export interface PoolOptions extends WorkerOptions {
  /** Most workers at once (default: the cores, at least 1). */
  size?: number;
  workerUrl?: URL;
}

export class WorkerPool {
  private readonly workers = new Set<WorkerHandle>();
  readonly size: number;
  private readonly url: URL;
  private readonly options: WorkerOptions;
  private promptWorker: WorkerHandle | null = null;

  constructor(options: PoolOptions = {}) {
    const cores = Math.max(1, availableParallelism());
    this.size = Math.max(1, Math.min(options.size ?? cores, cores));
    this.url = options.workerUrl ?? defaultWorkerUrl();
    this.options = {
      ...(options.engineModule ? { engineModule: options.engineModule } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
    };
  }

  /** A live worker for one more run: a new one while under the size, else the least loaded. */
  acquire(): WorkerHandle {
    const live = [...this.workers].filter((w) => !w.deadReason);
    if (live.length < this.size) {
      const handle = new WorkerHandle(this.url, this.options);
      handle.onDeath(() => this.workers.delete(handle));
      this.workers.add(handle);
      return handle;
    }
    return live.reduce((a, b) => (b.load < a.load ? b : a));
  }

  /** Any live worker (for surfaces), starting one if none. */
  any(): WorkerHandle {
    const live = [...this.workers].find((w) => !w.deadReason);
    return live ?? this.acquire();
  }

  /**
   * A worker at the user's own priority (never lowered), started once: for short computations someone
   * waits on (Instant mode's small runs), which the run workers' lower priority would leave waiting
   * behind everything else on a loaded machine.
   */
  prompt(): WorkerHandle {
    if (!this.promptWorker || this.promptWorker.deadReason)
      this.promptWorker = new WorkerHandle(this.url, { ...this.options, normalPriority: true });
    return this.promptWorker;
  }

  get count(): number {
    return [...this.workers].filter((w) => !w.deadReason).length;
  }

  async close(): Promise<void> {
    const prompt = this.promptWorker ? [this.promptWorker] : [];
    this.promptWorker = null;
    await Promise.all([...this.workers, ...prompt].map((w) => w.worker.terminate()));
    this.workers.clear();
  }
}
