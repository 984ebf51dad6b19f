/**
 * The page's side of the decision worker (decision-worker.ts): one worker serves every tile; a tile has
 * at most one picture on its way, and a newer Φ asked meanwhile waits in its place (replacing an older
 * one), so a slow worker never queues stale pictures. Where no worker can start, the picture is
 * computed here instead (same function, same bytes).
 */
import type { DecisionAnswer, DecisionJob } from './decision-worker';
import { decisionImage, forwardFor } from './decision-grid';

type Job = Omit<DecisionJob, 'id'>;
type Done = (rgba: Uint8ClampedArray | null) => void;

export class DecisionImages {
  private worker: Worker | null = null;
  private started = false;
  private nextId = 1;
  /** Per tile: the id of the job on its way, and the newest job waiting behind it. */
  private readonly busy = new Map<number, number>();
  private readonly waiting = new Map<number, { job: Job; done: Done }>();
  private readonly callbacks = new Map<number, { tile: number; done: Done }>();

  /** Asks for tile `tile`'s picture of `job`; `done` gets its RGBA bytes (null: Φ does not fit). */
  ask(tile: number, job: Job, done: Done): void {
    if (this.busy.has(tile)) {
      this.waiting.set(tile, { job, done });
      return;
    }
    const worker = this.start();
    if (!worker) return done(inline(job));
    const id = this.nextId++;
    this.busy.set(tile, id);
    this.callbacks.set(id, { tile, done });
    worker.postMessage({ ...job, id } satisfies DecisionJob, [job.phi.buffer]);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy.clear();
    this.waiting.clear();
    this.callbacks.clear();
  }

  private start(): Worker | null {
    if (this.started) return this.worker;
    this.started = true;
    try {
      this.worker = new Worker(new URL('./decision-worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<DecisionAnswer>) => this.answered(e.data);
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  private answered({ id, rgba }: DecisionAnswer): void {
    const asked = this.callbacks.get(id);
    if (!asked) return;
    this.callbacks.delete(id);
    this.busy.delete(asked.tile);
    asked.done(rgba);
    const next = this.waiting.get(asked.tile);
    if (next) {
      this.waiting.delete(asked.tile);
      this.ask(asked.tile, next.job, next.done);
    }
  }
}

/** The picture computed on the page's thread (no worker). */
function inline(job: Job): Uint8ClampedArray | null {
  const net = forwardFor(job.model, job.inputs, job.dims);
  if (!net || job.phi.length < job.dims) return null;
  const rgba = new Uint8ClampedArray(job.G * job.G * 4);
  decisionImage(net, job.phi, 0, job.box, job.G, rgba);
  return rgba;
}
