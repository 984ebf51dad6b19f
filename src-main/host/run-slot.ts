/**
 * One run as the host sees it: its worker, its engine's id there, its status and step count.
 * Every call to the worker goes through here, so a worker's death or an engine's throw marks the run
 * `failed` with the reason, once, whatever was in flight.
 */
import type { RunStatus } from '../../shared/contract/lab';
import type { DataRoot } from '../../shared/experiment/data-path';
import type { Experiment, Run } from '../../shared/experiment/experiment';
import type { InitResult, StepResult } from './protocol';
import { RunHistoryLog } from './run-history';
import type { PackedRunRecording } from './run-recorder';
import type { WorkerHandle } from './worker-pool';

let nextId = 1;

export class RunSlot {
  readonly id = nextId++;
  status: RunStatus = 'paused';
  reason: string | undefined;
  t = 0;
  /** The latest step's result (statistics and positions), replayed to a view that connects later. */
  last: StepResult | null = null;
  /** Every result so far, thinned (what a view that joins mid-run draws its charts from). */
  readonly log = new RunHistoryLog();
  /** Resolves once the engine is built (false when that failed). */
  readonly ready: Promise<InitResult | null>;
  private readonly stopWatching: () => void;
  /** The latest hot change not yet sent, and the sender working through them. */
  private nextRun: Run | null = null;
  private updating: Promise<void> | null = null;
  /** Gone from the lab: what was in flight for it (cancelled by the worker) fails nothing. */
  private disposed = false;

  constructor(
    private readonly handle: WorkerHandle,
    experiment: Experiment,
    runIndex: number,
    baseDir: DataRoot,
    /** Particles whose start positions the first frame carries (0: none). */
    max: number,
    private readonly onFail: (slot: RunSlot) => void,
  ) {
    handle.load += 1;
    this.stopWatching = handle.onDeath((reason) => this.fail(reason));
    this.ready = this.guard(handle.call<InitResult>({ type: 'init', id: this.id, experiment, runIndex, baseDir, max }));
    void this.ready.then((init) => {
      if (!init || this.last) return;
      this.last = init;
      this.log.push(init);
    });
  }

  get failed(): boolean {
    return this.status === 'failed';
  }

  /** Advances n steps; null when the run failed (now or before). */
  async step(n: number, max: number): Promise<StepResult | null> {
    if (!(await this.ready) || this.failed) return null;
    const result = await this.guard(this.handle.call<StepResult>({ type: 'step', id: this.id, n, max }));
    if (result) {
      this.t = result.stats.t;
      this.last = result;
      this.log.push(result);
    }
    return result;
  }

  /**
   * Hot change, applied by the worker before the next step it takes. Changes made while one is on its
   * way are coalesced: only the latest follows it, so a dragged slider never queues up behind steps.
   */
  update(run: Run): Promise<void> {
    if (this.failed) return Promise.resolve();
    this.nextRun = run;
    this.updating ??= this.sendUpdates();
    return this.updating;
  }

  private async sendUpdates(): Promise<void> {
    try {
      while (this.nextRun && !this.failed) {
        const run = this.nextRun;
        this.nextRun = null;
        await this.guard(this.handle.call({ type: 'update', id: this.id, run }));
      }
    } finally {
      // Synchronously after the last check: a change made from here on starts a new sender.
      this.updating = null;
    }
  }

  /** The run's recording so far, its positions packed (moved from the worker, not copied). */
  async record(): Promise<PackedRunRecording> {
    if (this.failed) throw new Error(this.reason ?? 'the run failed');
    await this.ready;
    return this.handle.call<PackedRunRecording>({ type: 'record', id: this.id });
  }

  /** The worker thread this run is on (diagnostics and tests). */
  get worker(): WorkerHandle['worker'] {
    return this.handle.worker;
  }

  /** Frees the engine (the worker stays for other runs). */
  dispose(): void {
    this.disposed = true;
    this.stopWatching();
    this.handle.load -= 1;
    this.handle.call({ type: 'dispose', id: this.id }).catch(() => undefined);
  }

  private async guard<T>(call: Promise<T>): Promise<T | null> {
    try {
      return await call;
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  private fail(reason: string): void {
    if (this.failed || this.disposed) return;
    this.status = 'failed';
    this.reason = reason;
    this.onFail(this);
  }
}
