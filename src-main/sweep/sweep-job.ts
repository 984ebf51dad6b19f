/**
 * A sweep started from a view (the contract's `sweep` and `cancelSweep`): the grid expanded and every
 * cell validated as `sgd-lab sweep` does (SPEC §12), then the cells run one after the other on the
 * compiled engine, each cell's result reported as it finishes (at most every `minIntervalMs`) with the
 * cells done, the total and the time left. Cancel stops between two cells and keeps the finished ones.
 *
 * Everything done per cell (validating it, running it, summing it up) happens in a worker thread of its
 * own (sweep-worker.ts), so the host's main thread stays free for live runs, frames and commands
 * (Cancel among them); it only checks the grid's size, keeps the progress and asks for the next cell.
 */
import { LIMITS, type Reply, type SweepGrid, type SweepProgress } from '../../shared/contract/lab';
import type { DataDir } from '../../shared/experiment/data-path';
import { formatIssue } from '../../shared/experiment/issues';
import type { BackendName } from '../engine/api';
import { SweepThread, sweepWorkerUrl } from './sweep-thread';

export interface SweepJobOptions {
  /** The engine for the cells (default the compiled one). */
  backend?: BackendName | 'auto';
  /** Threads for each cell (default: the machine's cores); never changes a result. */
  threads?: number;
  /**
   * Least time between two progress reports while running (ms; default 200): a view redraws on each,
   * and small cells finish far faster than a view can redraw. The start and the end are always reported.
   */
  minIntervalMs?: number;
  /** The sweep worker's code (default: beside this file, see sweepWorkerUrl). */
  workerUrl?: URL;
}

export class SweepJob {
  private progress: SweepProgress | null = null;
  private running: Promise<void> | null = null;
  private cancelled = false;
  private lastId = 0;

  /** `onChange` is called after every change of the progress (the host emits its state). */
  constructor(
    private readonly onChange: () => void,
    private readonly options: SweepJobOptions = {},
  ) {}

  /** The latest sweep's progress (a copy), or undefined before the first. */
  status(): SweepProgress | undefined {
    return this.progress ? { ...this.progress, cells: [...this.progress.cells] } : undefined;
  }

  /** Resolves when the running sweep (if any) has stopped. */
  async settled(): Promise<void> {
    await this.running;
  }

  /**
   * Starts a sweep over `grid` (relative CSV paths from `baseDir`); refused while one runs. Resolves once
   * the worker has checked every cell: with the issues of an invalid grid, or ok with the sweep running.
   */
  async start(grid: SweepGrid, baseDir: DataDir): Promise<Reply> {
    if (this.running) return { ok: false, error: 'a sweep is running: cancel it first' };
    const total = grid.vary.reduce((n, v) => n * v.values.length, 1);
    if (total > LIMITS.sweepCells)
      return { ok: false, error: `the grid has ${total} cells: at most ${LIMITS.sweepCells}` };
    this.cancelled = false;
    const thread = new SweepThread(this.options.workerUrl ?? sweepWorkerUrl(), {
      grid,
      baseDir,
      backend: this.options.backend ?? 'compiled',
      ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}),
    });
    let answer!: (reply: Reply) => void;
    const reply = new Promise<Reply>((resolve) => (answer = resolve));
    const running = this.sweep(thread, grid, answer).finally(() => (this.running = null));
    this.running = running;
    const answered = await reply;
    // A refused grid: answered once its worker is gone, so that the next start is not refused.
    if (!answered.ok) await running;
    return answered;
  }

  /** Stops the running sweep after its current cell; resolves once it stopped (finished cells kept). */
  async cancel(): Promise<Reply> {
    if (!this.running) return { ok: true };
    this.cancelled = true;
    await this.running;
    return { ok: true };
  }

  /**
   * Waits for the worker's verdict on the grid, answers `start` with it, runs the cells if valid. The end
   * is reported once the worker is gone, so that a view that sees it may start the next sweep at once.
   */
  private async sweep(thread: SweepThread, grid: SweepGrid, answer: (reply: Reply) => void): Promise<void> {
    let progress: SweepProgress | null = null;
    try {
      const checked = await thread.checked();
      if ('issues' in checked)
        return answer({
          ok: false,
          error: `invalid sweep:\n${checked.issues.map(formatIssue).join('\n')}`,
          issues: checked.issues,
        });
      progress = this.progress = {
        id: ++this.lastId,
        status: 'running',
        vary: grid.vary.map((v) => v.path),
        done: 0,
        total: checked.total,
        elapsedMs: 0,
        leftMs: null,
        cells: [],
      };
      this.onChange();
      answer({ ok: true });
      await this.run(thread, progress);
    } catch (error) {
      answer({ ok: false, error: error instanceof Error ? error.message : String(error) });
    } finally {
      await thread.close();
      if (progress) this.onChange();
    }
  }

  /** Runs the cells one after the other until all are done, Cancel, or a failure (the end not reported). */
  private async run(thread: SweepThread, progress: SweepProgress): Promise<void> {
    const started = performance.now();
    const interval = this.options.minIntervalMs ?? 200;
    let reported = started;
    try {
      for (let index = 0; index < progress.total && !this.cancelled; index++) {
        progress.cells.push(await thread.runCell(index));
        progress.done++;
        progress.elapsedMs = performance.now() - started;
        progress.leftMs = (progress.elapsedMs / progress.done) * (progress.total - progress.done);
        if (performance.now() - reported >= interval) {
          reported = performance.now();
          this.onChange();
        }
      }
      progress.status = progress.done === progress.total ? 'done' : 'cancelled';
    } catch (error) {
      progress.status = 'failed';
      progress.error = error instanceof Error ? error.message : String(error);
    }
    progress.elapsedMs = performance.now() - started;
    progress.leftMs = 0;
  }
}
