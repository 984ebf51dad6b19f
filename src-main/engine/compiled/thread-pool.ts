/**
 * Worker threads running one bundled entry, each started with its own init data, all answering each
 * request (files/thread-rpc.ts) with no value or the reason it failed: what the compiled runner and the
 * model runner step their particle ranges with.
 */
import { Worker } from 'node:worker_threads';
import { bundledEntry, type BundledEntry } from '../../files/bundle';
import { ThreadCaller, type ThreadWords } from '../../files/thread-rpc';

const COMPUTE_THREAD: ThreadWords = {
  crashed: (error) => error.message,
  stopped: (code) => `a compute thread stopped (exit code ${code})`,
};

export class ThreadPool<Request extends object> {
  private readonly threads: ThreadCaller<Request, null>[];

  constructor(entry: BundledEntry, init: unknown[]) {
    this.threads = init.map(
      (data) => new ThreadCaller<Request, null>(new Worker(bundledEntry(entry), { workerData: data }), COMPUTE_THREAD),
    );
  }

  /** Every thread handles `request`; rejects with the first failure. */
  request(request: Request): Promise<void> {
    return Promise.all(this.threads.map((t) => t.call(request))).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/** [from, to) of part k of P split into `parts` contiguous ranges. */
export const rangeOf = (P: number, parts: number, k: number): [number, number] => [
  Math.floor((P * k) / parts),
  Math.floor((P * (k + 1)) / parts),
];
