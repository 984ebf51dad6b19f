/**
 * Theory gallery figures on the host (`theoryFigure`): each request's experiment is checked here and
 * run whole in its own theory worker (theory-worker.ts), never on the host's main thread. A newer
 * request supersedes an older one still computing: the older worker is stopped at once and its request
 * answered `FIGURE_SUPERSEDED` (a result that would be stale is never shown).
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

export class TheoryFigures {
  private current: ThreadCaller<TheoryFigureRequest, TheoryFigure> | null = null;

  /** The figure of `spec` (a gallery entry's experiment, never one reading a CSV), or why not. */
  async compute(spec: unknown, baseDir: DataRoot, frames: number): Promise<Reply> {
    const checked = check(spec);
    if (!checked.ok) return invalid(checked);
    const { experiment } = checked;
    const data = experiment.loss.data;
    if (data && 'csv' in data) return { ok: false, error: 'loss.data.csv: a Theory figure reads no data file' };
    void this.current?.close(FIGURE_SUPERSEDED);
    const worker = new Worker(bundledEntry('theory-worker'), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const thread = new ThreadCaller<TheoryFigureRequest, TheoryFigure>(worker, {
      crashed: (error) => `the figure's worker crashed: ${error.message}`,
      stopped: (code) => `the figure's worker stopped (exit code ${code})`,
    });
    this.current = thread;
    try {
      return { ok: true, figure: await thread.call({ experiment, baseDir, frames }) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      if (this.current === thread) this.current = null;
      void thread.close(FIGURE_SUPERSEDED);
    }
  }

  /** Stops the figure being computed. */
  close(): Promise<void> {
    const thread = this.current;
    this.current = null;
    return thread ? thread.close(FIGURE_SUPERSEDED) : Promise.resolve();
  }
}
