/**
 * The one typed request/reply helper of every worker thread (the lab's run workers, the sweep workers,
 * the compiled, model and landscape threads): the caller numbers each request (`seq`) and waits for the
 * reply of the same number; the thread answers each request once, in the order they came, with its
 * value or the reason it failed. A thread that crashes or stops fails every request still waiting,
 * with the reason.
 */
import type { MessagePort, TransferListItem, Worker } from 'node:worker_threads';

/** A request as it crosses: its number and its body. */
export type Numbered<Req> = Req & { seq: number };

/** A reply as it crosses: the request's number and its value, or why it failed. */
export type Reply<Res = unknown> = { seq: number; ok: true; value: Res } | { seq: number; ok: false; reason: string };

/** What a handler answers: a value and the buffers to move (not copy) with it. */
export interface Answer<Res> {
  value: Res;
  transfer?: TransferListItem[];
}

/** The message of anything thrown. */
export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** How a caller words a thread's end: a crash (an uncaught error) and a stop (its exit code). */
export interface ThreadWords {
  crashed(error: Error): string;
  stopped(code: number): string;
}

/** The calling side of one thread. */
export class ThreadCaller<Req extends object, Res = unknown> {
  /** Why the thread is gone, once it is. */
  private death: Error | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (value: Res) => void; reject: (error: Error) => void }>();
  private readonly deathListeners = new Set<(reason: string) => void>();

  constructor(
    readonly worker: Worker,
    words: ThreadWords,
  ) {
    worker.on('message', (reply: Reply<Res>) => {
      const p = this.pending.get(reply.seq);
      this.pending.delete(reply.seq);
      if (!p) return;
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(reply.reason));
    });
    worker.on('error', (error) => this.die(new Error(words.crashed(error))));
    worker.on('exit', (code) => this.die(new Error(words.stopped(code))));
  }

  /** Set once the thread is gone, with the reason. */
  get deadReason(): string | null {
    return this.death?.message ?? null;
  }

  /** Sends `request`; resolves with the thread's answer, rejects with its reason or the thread's end. */
  call<T extends Res = Res>(request: Req, transfer: readonly TransferListItem[] = []): Promise<T> {
    if (this.death) return Promise.reject(this.death);
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: Res) => void, reject });
      this.worker.postMessage({ ...request, seq }, transfer);
    });
  }

  /** Calls `cb` with the reason once the thread is gone; returns the unsubscribe. */
  onDeath(cb: (reason: string) => void): () => void {
    this.deathListeners.add(cb);
    return () => this.deathListeners.delete(cb);
  }

  /** Ends the thread: every request still waiting fails with `reason`, as do later ones. */
  async close(reason: string | Error): Promise<void> {
    this.die(typeof reason === 'string' ? new Error(reason) : reason);
    await this.worker.terminate();
  }

  private die(error: Error): void {
    if (this.death) return;
    this.death = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    for (const cb of this.deathListeners) cb(error.message);
  }
}

export interface ServeOptions<Req> {
  /** Sees each request as it arrives, before those queued ahead of it are answered. */
  arrived?(request: Numbered<Req>): void;
  /** Whether to let the port deliver what is already sent before handling each request. */
  yieldFirst?: boolean;
}

/**
 * The thread's side: answers each request on `port` with `handle`'s answer (or the message it threw),
 * one at a time, in the order they came.
 */
export function serve<Req extends object, Res>(
  port: MessagePort,
  handle: (request: Numbered<Req>) => Answer<Res> | Promise<Answer<Res>>,
  options: ServeOptions<Req> = {},
): void {
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (request: Numbered<Req>) => {
    options.arrived?.(request);
    chain = chain.then(async () => {
      let reply: Reply<Res>;
      let transfer: readonly TransferListItem[] = [];
      try {
        if (options.yieldFirst) await new Promise((resolve) => setImmediate(resolve));
        const answer = await handle(request);
        reply = { seq: request.seq, ok: true, value: answer.value };
        transfer = answer.transfer ?? [];
      } catch (error) {
        reply = { seq: request.seq, ok: false, reason: reasonOf(error) };
      }
      port.postMessage(reply, transfer);
    });
  });
}
