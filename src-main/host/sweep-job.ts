/**
 * A sweep started from a view (the contract's `sweep` and `cancelSweep`): the grid expanded and every
 * cell validated as `sgd-lab sweep` does (SPEC §12), then the cells run one after the other on the
 * compiled engine, each cell's result reported as it finishes (at most every `minIntervalMs`) with the
 * cells done, the total and the time left. Cancel stops between two cells and keeps the finished ones.
 *
 * A cell of a small experiment runs on the host's thread (the compiled engine spreads a large one
 * over its own worker threads); the job yields to the event loop between cells, so live runs and
 * commands (Cancel among them) go on while it works.
 */
import { LIMITS, type Reply, type SweepCell, type SweepGrid, type SweepProgress } from '../../shared/contract/lab';
import { formatIssue } from '../../shared/spec/issues';
import type { Recording } from '../../shared/spec/recording';
import { defaultBurnIn, stationaryLoss } from '../../shared/theory/moments';
import type { BackendName } from '../engine/api';
import { runExperiment } from '../engine/experiment-runner';
import { expandSweep, type Cell, type LoadedSweep } from '../theory/sweep-spec';

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
}

/** A number as the contract carries it: null when not finite (JSON has no NaN or ∞). */
const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** One cell's results, computed as `sweep.csv`'s columns are (SPEC §12). */
export function cellResult(cell: Cell, recording: Recording, burnIn: number): SweepCell {
  return {
    cell: cell.index,
    values: cell.values as SweepCell['values'],
    runs: recording.runs.map((run) => {
      const L = stationaryLoss(run.t, run.loss, burnIn);
      return {
        name: run.name,
        L: finite(L.value),
        Lstderr: finite(L.stderr),
        finalLoss: finite(run.final.loss),
        diverged: run.diverged?.particles ?? 0,
      };
    }),
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

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

  /** Starts a sweep over `grid` (relative CSV paths from `baseDir`); refused while one runs. */
  start(grid: SweepGrid, baseDir: string): Reply {
    if (this.running) return { ok: false, error: 'a sweep is running: cancel it first' };
    const total = grid.vary.reduce((n, v) => n * v.values.length, 1);
    if (total > LIMITS.sweepCells)
      return { ok: false, error: `the grid has ${total} cells: at most ${LIMITS.sweepCells}` };
    const sweep = { version: 1 as const, experiment: grid.experiment, vary: grid.vary, burnIn: grid.burnIn };
    const loaded = expandSweep(sweep, grid.experiment, baseDir);
    if ('issues' in loaded)
      return {
        ok: false,
        error: `invalid sweep:\n${loaded.issues.map(formatIssue).join('\n')}`,
        issues: loaded.issues,
      };
    this.cancelled = false;
    this.progress = {
      id: ++this.lastId,
      status: 'running',
      vary: grid.vary.map((v) => v.path),
      done: 0,
      total: loaded.cells.length,
      elapsedMs: 0,
      leftMs: null,
      cells: [],
    };
    this.running = this.run(loaded, this.progress).finally(() => (this.running = null));
    this.onChange();
    return { ok: true };
  }

  /** Stops the running sweep after its current cell; resolves once it stopped (finished cells kept). */
  async cancel(): Promise<Reply> {
    if (!this.running) return { ok: true };
    this.cancelled = true;
    await this.running;
    return { ok: true };
  }

  private async run(loaded: LoadedSweep, progress: SweepProgress): Promise<void> {
    const started = performance.now();
    const interval = this.options.minIntervalMs ?? 200;
    let reported = started;
    const burnIn = (cell: Cell) => loaded.sweep.burnIn ?? defaultBurnIn(cell.experiment.steps);
    try {
      for (const cell of loaded.cells) {
        await tick();
        if (this.cancelled) break;
        const recording = await runExperiment(cell.experiment, {
          baseDir: loaded.baseDir,
          backend: this.options.backend ?? 'compiled',
          ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}),
        });
        progress.cells.push(cellResult(cell, recording, burnIn(cell)));
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
    this.onChange();
  }
}
