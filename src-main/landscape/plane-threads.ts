/**
 * The lab's warm landscape threads: started once (on the first plane or line asked, or when a network
 * experiment opens: `warm()`), kept for every later request and ended when the lab closes. Starting a
 * thread (loading its bundle) costs about as much as a coarse grid, so a plane asked of warm threads
 * appears at once. Each thread lowers its own priority (warm-grid.ts), like the run workers. A thread
 * that died is replaced at the next request.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bundledEntry } from '../files/bundle';
import { ThreadCaller } from '../files/thread-rpc';
import { LANDSCAPE_THREAD } from './parallel-grid';
import type { WarmRequest } from './warm-grid';

/** At most this many warm threads (one per core below it). */
const MAX_THREADS = 8;

/** The calling side of one warm landscape thread. */
export type WarmThread = ThreadCaller<WarmRequest>;

export class PlaneThreads {
  private threads: WarmThread[] = [];
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(MAX_THREADS, availableParallelism()))) {}

  /** Starts the threads now (if not yet), so the first request finds them ready. */
  warm(): void {
    if (!this.closed) this.get();
  }

  /** The live threads, started (or a dead one replaced) as needed. */
  get(): WarmThread[] {
    if (this.closed) throw new Error('the landscape threads are closed');
    this.threads = Array.from({ length: this.size }, (_, i) => {
      const thread = this.threads[i];
      return thread && thread.deadReason === null ? thread : warmThread();
    });
    return this.threads;
  }

  /** Ends every thread (the lab closes). */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.close('the lab closed')));
  }
}

/** A landscape thread started bare: it waits for warm requests (warm-grid.ts). */
const warmThread = (): WarmThread => {
  const thread = new ThreadCaller<WarmRequest>(new Worker(bundledEntry('grid-thread')), LANDSCAPE_THREAD);
  thread.worker.unref();
  return thread;
};
