/**
 * Worker threads running one bundled entry, each started with its own init data, all answering each
 * request with `done` (or an error): what the compiled runner and the model runner step their
 * particle ranges with.
 */
import { Worker } from 'node:worker_threads';
import { bundledEntry, type BundledEntry } from '../../files/bundle';

export type PoolReply = { type: 'done' } | { type: 'error'; message: string };

export class ThreadPool<Request> {
  private readonly workers: Worker[];

  constructor(entry: BundledEntry, init: unknown[]) {
    this.workers = init.map((data) => new Worker(bundledEntry(entry), { workerData: data }));
  }

  /** Every worker handles `request`; rejects with the first failure. */
  request(request: Request): Promise<void> {
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const cleanup = () => {
              w.off('message', onMessage);
              w.off('error', onError);
              w.off('exit', onExit);
            };
            const onMessage = (reply: PoolReply) => {
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
            w.postMessage(request);
          }),
      ),
    ).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** [from, to) of part k of P split into `parts` contiguous ranges. */
export const rangeOf = (P: number, parts: number, k: number): [number, number] => [
  Math.floor((P * k) / parts),
  Math.floor((P * (k + 1)) / parts),
];
