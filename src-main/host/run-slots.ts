/**
 * The runs' engines as the host holds them: one `RunSlot` per run, built on the worker pool, stepped,
 * and their frames sent to the views — only while a view shows the lab, with at most the display cap
 * of positions. It also says which backend the runs are on.
 */
import type { Experiment } from '../../shared/experiment/experiment';
import type { RecordedPath } from '../../shared/landscape/types';
import type { DataRoot } from '../../shared/experiment/data-path';
import type { HostEvents } from './host-events';
import type { PlayClock } from './play-clock';
import type { InitResult, StepResult } from './protocol';
import { toFrame } from './replies';
import { runsBackend, type RunsBackend } from './run-backends';
import { RunSlot } from './run-slot';
import { ViewVisibility } from './view-visibility';
import type { WorkerHandle, WorkerPool } from './worker-pool';

/** What the slots need of the host. */
export interface SlotsHost {
  experiment(): Experiment;
  baseDir(): DataRoot;
  emitState(): void;
}

export class RunSlots {
  list: RunSlot[] = [];
  backend: RunsBackend = { backend: 'starting', label: 'starting' };
  /** Positions per frame at most (the view's choice). */
  displayCap = 100_000;
  readonly views = new ViewVisibility();
  private readonly engines = new WeakMap<RunSlot, Pick<InitResult, 'backend' | 'adapter'>>();
  /** Each run's worker (instant mode computes a run's whole path where the run steps). */
  private readonly workers = new WeakMap<RunSlot, WorkerHandle>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly events: HostEvents,
    private readonly clock: () => PlayClock,
    private readonly host: SlotsHost,
  ) {}

  get visible(): boolean {
    return this.views.visible;
  }

  /** Fresh engines for every run of the host's experiment (the old ones freed). */
  replaceAll(): RunSlot[] {
    for (const slot of this.list) slot.dispose();
    this.list = this.host.experiment().runs.map((_, i) => this.newSlot(i));
    return this.list;
  }

  remove(index: number): void {
    const [slot] = this.list.splice(index, 1);
    slot?.dispose();
  }

  /** A fresh engine for run `runIndex`; it starts running once built if the lab is playing. */
  private newSlot(runIndex: number): RunSlot {
    const clock = this.clock();
    const max = this.visible ? this.displayCap : 0;
    const handle = this.pool.acquire();
    const slot = new RunSlot(handle, this.host.experiment(), runIndex, this.host.baseDir(), max, (failed) => {
      if (this.list.includes(failed)) clock.stopIfIdle();
      this.host.emitState();
    });
    this.workers.set(slot, handle);
    if (clock.playing) slot.status = 'running';
    void slot.ready.then((init) => {
      if (!init || !this.list.includes(slot)) return;
      this.engines.set(slot, { backend: init.backend, ...(init.adapter ? { adapter: init.adapter } : {}) });
      this.backend = runsBackend(this.list.map((s) => this.engines.get(s))) ?? this.backend;
      this.emitFrame(slot, init);
      if (clock.playing && slot.status === 'running') void clock.pump();
    });
    return slot;
  }

  /** Waits until the given runs' engines are built, then announces the state. */
  async settle(slots: RunSlot[]): Promise<void> {
    await Promise.all(slots.map((s) => s.ready));
    this.clock().stopIfIdle();
    this.host.emitState();
  }

  /** Steps one run, emits its frame, marks it done at the experiment's end; false when it failed. */
  async advance(slot: RunSlot, n: number): Promise<boolean> {
    const result = await slot.step(n, this.visible ? this.displayCap : 0);
    if (!result || !this.list.includes(slot)) return false;
    this.emitFrame(slot, result);
    if (slot.t >= this.host.experiment().steps && slot.status !== 'done') {
      slot.status = 'done';
      // The state that says the last run is done also says the lab stopped playing.
      this.clock().stopIfIdle();
      this.host.emitState();
    }
    return true;
  }

  /** Each run's first-particle path so far (its kept history points, the latest last). */
  paths(experiment: Experiment | null): RecordedPath[] {
    return this.list.map((slot, i) => {
      const points = slot.log.path();
      return { name: experiment?.runs[i]?.name ?? `Run ${i + 1}`, t: [], points, final: points.at(-1)! };
    });
  }

  /** Run r's first particle now (a network's Φ in float64). */
  end(r: number): Float64Array {
    const end = this.list[r]?.log.path().at(-1);
    if (!end) throw new Error(`runs[${r}]: no such run, or it has no position yet`);
    return end;
  }

  /** The worker for short computations someone waits on (Instant mode's small runs: worker-pool.ts `prompt`). */
  promptWorker(): WorkerHandle {
    return this.pool.prompt();
  }

  /** Run i's worker while it lives, else any live one (instant mode, instant-runs.ts). */
  workerFor(i: number): WorkerHandle {
    const handle = this.list[i] && this.workers.get(this.list[i]);
    return handle && !handle.deadReason ? handle : this.pool.any();
  }

  /** Each run's current frame again, with its positions (a view became visible). */
  async refreshFrames(): Promise<void> {
    await Promise.all(this.list.map((slot) => this.advance(slot, 0)));
  }

  private emitFrame(slot: RunSlot, result: StepResult): void {
    if (!this.visible) return;
    const index = this.list.indexOf(slot);
    if (index < 0) return;
    this.events.emitFrame(toFrame(index, result));
  }
}
