/**
 * Theory gallery figures on the host (`theoryFigure`): each request's experiment is checked here and
 * run whole in its own theory worker (theory-worker.ts), never on the host's main thread. A newer
 * request supersedes an older one still computing: the older worker is stopped at once and its request
 * answered `FIGURE_SUPERSEDED` (a result that would be stale is never shown). A worker that finished
 * its figure stays, idle, for the next request: it has loaded the engine and warmed its code, which a
 * fresh worker pays again on a loaded machine (gallery entries opened one after another, a control
 * changed after the figure came).
 */
import { Worker } from 'node:worker_threads';
import { FIGURE_SUPERSEDED, type TheoryFigure } from '../../shared/contract/theory';
import type { Reply } from '../../shared/contract/lab';
import type { DataRoot } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import { bundledEntry } from '../files/bundle';
import { ThreadCaller } from '../files/thread-rpc';
import { check } from './experiment-store';
import { invalid } from './replies';

/** Main thread → theory worker: run `experiment` and answer its figure with up to `frames` frames a run. */
export interface TheoryFigureRequest {
  experiment: Experiment;
  baseDir: DataRoot;
  frames: number;
}

/** The JS heap a theory worker may use (a figure's recording lives there a while). */
const WORKER_HEAP_MB = 2048;

type FigureThread = ThreadCaller<TheoryFigureRequest, TheoryFigure>;

export class TheoryFigures {
  private current: FigureThread | null = null;
  /** A worker that finished its figure, kept for the next (unref'd: it never keeps the process alive). */
  private idle: FigureThread | null = null;

  /** The figure of `spec` (a gallery entry's experiment, never one reading a CSV), or why not. */
  async compute(spec: unknown, baseDir: DataRoot, frames: number): Promise<Reply> {
    const checked = check(spec);
    if (!checked.ok) return invalid(checked);
    const { experiment } = checked;
    const data = experiment.loss.data;
    if (data && 'csv' in data) return { ok: false, error: 'loss.data.csv: a Theory figure reads no data file' };
    void this.current?.close(FIGURE_SUPERSEDED);
    const thread = this.take();
    this.current = thread;
    let done = false;
    try {
      const figure = await thread.call({ experiment, baseDir, frames });
      done = true;
      return { ok: true, figure };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      if (this.current === thread) this.current = null;
      if (done && !thread.deadReason && !this.idle) this.park(thread);
      else void thread.close(FIGURE_SUPERSEDED);
    }
  }

  /** Stops the figure being computed and the idle worker. */
  async close(): Promise<void> {
    const threads = [this.current, this.idle];
    this.current = this.idle = null;
    await Promise.all(threads.map((t) => t?.close(FIGURE_SUPERSEDED)));
  }

  /** The idle worker if it is still alive, else a new one. */
  private take(): FigureThread {
    const idle = this.idle;
    this.idle = null;
    if (idle && !idle.deadReason) {
      idle.worker.ref();
      return idle;
    }
    const worker = new Worker(bundledEntry('theory-worker'), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    return new ThreadCaller<TheoryFigureRequest, TheoryFigure>(worker, {
      crashed: (error) => `the figure's worker crashed: ${error.message}`,
      stopped: (code) => `the figure's worker stopped (exit code ${code})`,
    });
  }

  private park(thread: FigureThread): void {
    thread.worker.unref();
    this.idle = thread;
  }
}
