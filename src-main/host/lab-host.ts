/**
 * The lab host (plain Node, no Electron): holds the current experiment, runs each run in a worker,
 * takes the contract's commands live and emits `LabState` on every change and `Frame`s while running.
 * Every command is validated with `CommandSchema` where it enters; a bad one gets an error reply.
 *
 * All runs step on one clock: one play loop advances every running run by the same number of steps,
 * then waits for all of them, so side by side they are always at the same t. A run added or copied
 * mid-run restarts every run (a comparison is fair only from one start).
 */
import {
  CommandSchema,
  LIMITS,
  type Frame,
  type LabState,
  type Reply,
  type RunPatch,
  type Surface,
} from '../../shared/contract/lab';
import { MAX_STEPS, type Experiment, type Run, type RunInput } from '../../shared/spec/experiment';
import { check, editRuns, patchInput, readExperimentFile, DEFAULT_EXPERIMENT_PATH } from './experiment-store';
import type { Checked } from './experiment-store';
import { requireExperiment, runAt } from './experiment-store';
import type { InitResult, StepResult } from './protocol';
import { invalid, invalidCommand, recordingOf, runStates, toFrame } from './replies';
import { labBackend, type LabBackend } from './run-backends';
import { HostEvents } from './host-events';
import { RunSlot } from './run-slot';
import { SweepJob } from './sweep-job';
import { ViewVisibility } from './view-visibility';
import { WorkerPool, type PoolOptions } from './worker-pool';

export interface LabHostOptions extends PoolOptions {
  /** The experiment to start with (default resources/default.lab.json). */
  experimentPath?: string;
  /** Least time between two frames of one run while playing (ms; default 16). */
  frameIntervalMs?: number;
  /** Folder for relative CSV paths of experiments loaded by command (default: the working folder). */
  baseDir?: string;
}

type Valid = ReturnType<typeof CommandSchema.parse>;

export class LabHost {
  private readonly pool: WorkerPool;
  private readonly frameIntervalMs: number;
  private input: Record<string, unknown> = {};
  private experiment: Experiment | null = null;
  private baseDir: string;
  private slots: RunSlot[] = [];
  private playing = false;
  /** Whether the play loop is running. */
  private pumping = false;
  private stepsPerFrame = 10;
  /** How many more steps Play gives runs that are all done (the steps as loaded or last set). */
  private extendBy = 1;
  private readonly views = new ViewVisibility();
  private displayCap = 100_000;
  private backend: LabBackend = { backend: 'starting', label: 'starting' };
  private readonly engines = new WeakMap<RunSlot, Pick<InitResult, 'backend' | 'adapter'>>();
  private readonly events = new HostEvents();
  /** The sweep started from a view (its progress rides in the state). */
  private readonly sweeps = new SweepJob(() => this.emitState());

  constructor(private readonly options: LabHostOptions = {}) {
    this.pool = new WorkerPool(options);
    this.frameIntervalMs = options.frameIntervalMs ?? 16;
    this.baseDir = options.baseDir ?? process.cwd();
  }

  /** Loads the starting experiment; resolves once every run's engine is built. */
  async start(): Promise<Reply> {
    return this.loadFile(this.options.experimentPath ?? DEFAULT_EXPERIMENT_PATH);
  }

  /** Loads a `.lab.json` from disk (its folder resolves relative CSV paths). */
  async loadFile(path: string): Promise<Reply> {
    const read = await readExperimentFile(path);
    if (!read.ok) return invalid(read);
    this.baseDir = read.baseDir;
    return this.replace(read);
  }

  state(): LabState {
    return {
      experiment: this.experiment,
      playing: this.playing,
      stepsPerFrame: this.stepsPerFrame,
      backend: this.backend.label,
      runs: runStates(this.slots, this.experiment),
      ...(this.sweeps.status() ? { sweep: this.sweeps.status() } : {}),
    };
  }

  /** The experiment as the user wrote it, with the edits made since (what File › Save writes). */
  experimentInput(): unknown {
    return structuredClone(this.input);
  }

  onState(cb: (state: LabState) => void): () => void {
    return this.events.onState(cb);
  }

  /**
   * Frames go to every listener; the positions array is shared (a listener that transfers it must be
   * the only one). A new listener (a view that just connected) first gets each run's latest frame.
   */
  onFrame(cb: (frame: Frame) => void): () => void {
    const off = this.events.onFrame(cb);
    this.slots.forEach((slot, i) => {
      if (slot.last) cb(toFrame(i, slot.last));
    });
    return off;
  }

  /** Handles one raw command from a view; never throws. */
  async handle(raw: unknown): Promise<Reply> {
    const parsed = CommandSchema.safeParse(raw);
    if (!parsed.success) return invalidCommand(parsed.error.issues);
    try {
      return await this.dispatch(parsed.data);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The worker thread run `index` is on (diagnostics and tests; terminating it fails that run). */
  runWorker(index: number): RunSlot['worker'] | undefined {
    return this.slots[index]?.worker;
  }

  private get visible(): boolean {
    return this.views.visible;
  }

  async close(): Promise<void> {
    this.playing = false;
    await this.sweeps.cancel();
    this.slots = [];
    await this.pool.close();
  }

  private async dispatch(command: Valid): Promise<Reply> {
    switch (command.type) {
      case 'load':
        return this.replace(check(command.spec));
      case 'play':
        return this.play();
      case 'pause':
        this.setPlaying(false);
        return { ok: true };
      case 'step':
        await Promise.all(this.slots.map((s) => this.advance(s, command.n)));
        this.emitState();
        return { ok: true };
      case 'reset':
        return this.replace({ ok: true, input: this.input, experiment: requireExperiment(this.experiment) });
      case 'speed':
        this.stepsPerFrame = command.stepsPerFrame;
        this.emitState();
        return { ok: true };
      case 'updateRun':
        return this.updateRun(command.index, command.run);
      case 'patchRun':
        return this.patchRun(command.index, command.patch);
      case 'setSteps':
        return this.setSteps(command.steps);
      case 'addRun':
        return this.replace(editRuns(this.input, (runs) => runs.push(command.run)));
      case 'removeRun':
        return this.removeRun(command.index);
      case 'duplicateRun': {
        const source = runAt(this.experiment, command.index);
        const copy = { ...structuredClone(source), name: `${source.name} (copy)` };
        return this.replace(editRuns(this.input, (runs) => runs.push(copy)));
      }
      case 'surface': {
        const other = command.spec === undefined ? null : check(command.spec);
        if (other && !other.ok) return invalid(other);
        const [experiment, baseDir] = [other?.experiment ?? requireExperiment(this.experiment), this.baseDir];
        const request = { type: 'surface', experiment, resolution: command.resolution, baseDir } as const;
        return { ok: true, surface: await this.pool.any().call<Surface>(request) };
      }
      case 'seek':
        return { ok: false, error: 'only a replay of a recording has a timeline to seek' };
      case 'export':
        return { ok: true, recording: await recordingOf(this.slots, requireExperiment(this.experiment), this.backend) };
      case 'visibility':
        if (this.views.report(command.view ?? 'default', command.visible) && this.visible) await this.refreshFrames();
        return { ok: true };
      case 'displayCap':
        this.displayCap = Math.min(command.particles, LIMITS.displayParticles);
        return { ok: true };
      case 'history':
        return { ok: true, history: this.slots.map((s) => s.log.history()) };
      case 'sweep':
        return this.sweeps.start(command.grid, this.baseDir);
      case 'cancelSweep':
        return this.sweeps.cancel();
    }
  }

  /**
   * Replaces every run with fresh engines for `checked` (load, reset), each at t = 0 with a first frame
   * of its start positions. The play state stays as it was: a lab that was playing plays the new runs
   * from the start, a paused one waits at t = 0.
   */
  private async replace(checked: Checked): Promise<Reply> {
    if (!checked.ok) return invalid(checked);
    for (const slot of this.slots) slot.dispose();
    this.input = checked.input;
    this.experiment = checked.experiment;
    this.extendBy = checked.experiment.steps;
    this.slots = checked.experiment.runs.map((_, i) => this.newSlot(i));
    this.emitState();
    await this.settle(this.slots);
    return { ok: true, experiment: checked.experiment };
  }

  /** A fresh engine for run `runIndex`; it starts running once built if the lab is playing. */
  private newSlot(runIndex: number): RunSlot {
    const max = this.visible ? this.displayCap : 0;
    const slot = new RunSlot(
      this.pool.acquire(),
      requireExperiment(this.experiment),
      runIndex,
      this.baseDir,
      max,
      (failed) => {
        if (this.slots.includes(failed)) this.stopIfIdle();
        this.emitState();
      },
    );
    if (this.playing) slot.status = 'running';
    void slot.ready.then((init) => {
      if (!init || !this.slots.includes(slot)) return;
      this.engines.set(slot, { backend: init.backend, ...(init.adapter ? { adapter: init.adapter } : {}) });
      this.backend = labBackend(this.slots.map((s) => this.engines.get(s))) ?? this.backend;
      this.emitFrame(slot, init);
      if (this.playing && slot.status === 'running') void this.pump();
    });
    return slot;
  }

  /** Waits until the given runs' engines are built, then announces the state. */
  private async settle(slots: RunSlot[]): Promise<void> {
    await Promise.all(slots.map((s) => s.ready));
    this.stopIfIdle();
    this.emitState();
  }

  /** Playing with nothing left to run (every run done or failed) is paused. */
  private stopIfIdle(): void {
    if (this.playing && !this.slots.some((s) => s.status === 'running')) this.playing = false;
  }

  private async updateRun(index: number, run: RunInput): Promise<Reply> {
    runAt(this.experiment, index);
    const checked = editRuns(this.input, (runs) => (runs[index] = run));
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    const newRun = checked.experiment.runs[index];
    const slot = this.slots[index];
    if (slot && newRun) await slot.update(newRun);
    this.emitState();
    return { ok: true, experiment: checked.experiment };
  }

  /** One field of one run, hot: no re-validation of the experiment, the engine gets it before its next step. */
  private async patchRun(index: number, patch: RunPatch): Promise<Reply> {
    const experiment = requireExperiment(this.experiment);
    const run = runAt(experiment, index);
    const next: Run =
      patch.field === 'lr'
        ? { ...run, optimizer: { ...run.optimizer, lr: patch.value } }
        : { ...run, name: patch.value };
    this.experiment = { ...experiment, runs: experiment.runs.map((r, i) => (i === index ? next : r)) };
    this.input = patchInput(this.input, index, patch);
    const sent = this.slots[index]?.update(next);
    this.emitState();
    await sent;
    return { ok: true };
  }

  /** Moves where the runs stop; runs past it are done, done runs before it go on. */
  private setSteps(steps: number, extendBy = steps): Reply {
    const checked = check({ ...this.input, steps });
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    this.extendBy = extendBy;
    for (const slot of this.slots) {
      if (slot.failed) continue;
      if (slot.t >= steps) slot.status = 'done';
      else if (slot.status === 'done') slot.status = this.playing ? 'running' : 'paused';
    }
    this.stopIfIdle();
    if (this.playing) void this.pump();
    this.emitState();
    return { ok: true, experiment: checked.experiment };
  }

  /** Plays; when every run is done, first gives them all `extendBy` more steps. */
  private play(): Reply {
    const experiment = requireExperiment(this.experiment);
    const live = this.slots.filter((s) => !s.failed);
    if (live.length > 0 && live.every((s) => s.t >= experiment.steps)) {
      const reply = this.setSteps(Math.min(MAX_STEPS, experiment.steps + this.extendBy), this.extendBy);
      if (!reply.ok) return reply;
    }
    this.setPlaying(true);
    return { ok: true };
  }

  /** After a view became visible again: each run's current frame, with its positions. */
  private async refreshFrames(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.advance(slot, 0)));
  }

  private removeRun(index: number): Reply {
    runAt(this.experiment, index);
    const checked = editRuns(this.input, (runs) => runs.splice(index, 1));
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    const [slot] = this.slots.splice(index, 1);
    slot?.dispose();
    this.stopIfIdle();
    this.emitState();
    return { ok: true, experiment: checked.experiment };
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    const steps = requireExperiment(this.experiment).steps;
    for (const slot of this.slots) {
      if (slot.failed) continue;
      slot.status = slot.t >= steps ? 'done' : playing ? 'running' : 'paused';
    }
    this.stopIfIdle();
    if (this.playing) void this.pump();
    this.emitState();
  }

  /**
   * The one clock while playing: every running run advances by the same chunk of steps, the loop waits
   * for all of them (their frames go out as each finishes), then pauses to the frame interval.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.playing) {
        const began = Date.now();
        const running = this.slots.filter((s) => s.status === 'running');
        if (running.length === 0) break;
        const t = Math.max(...running.map((s) => s.t));
        const n = Math.min(this.stepsPerFrame, requireExperiment(this.experiment).steps - t);
        if (n <= 0) break;
        await Promise.all(running.map((s) => this.advance(s, n)));
        const wait = this.frameIntervalMs - (Date.now() - began);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    } finally {
      this.pumping = false;
    }
    if (this.playing && !this.slots.some((s) => s.status === 'running')) {
      this.stopIfIdle();
      this.emitState();
    }
  }

  /** Steps one run, emits its frame, marks it done at the experiment's end; false when it failed. */
  private async advance(slot: RunSlot, n: number): Promise<boolean> {
    const result = await slot.step(n, this.visible ? this.displayCap : 0);
    if (!result || !this.slots.includes(slot)) return false;
    this.emitFrame(slot, result);
    if (slot.t >= requireExperiment(this.experiment).steps && slot.status !== 'done') {
      slot.status = 'done';
      this.emitState();
    }
    return true;
  }

  private emitFrame(slot: RunSlot, result: StepResult): void {
    if (!this.visible) return;
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.events.emitFrame(toFrame(index, result));
  }

  private emitState(): void {
    this.events.emitState(this.state());
  }
}
