/**
 * The lab host (plain Node, no Electron): holds the current experiment, runs each run in a worker,
 * takes the contract's commands live and emits `LabState` on every change and `Frame`s while running.
 * Every command is validated with `CommandSchema` where it enters; a bad one gets an error reply.
 *
 * All runs step on one clock: one play loop advances every running run by the same number of steps,
 * then waits for all of them, so side by side they are always at the same t. A run added or copied
 * mid-run restarts every run (a comparison is fair only from one start).
 */
import { CommandSchema, LIMITS, type Frame, type LabState } from '../../shared/contract/lab';
import type { PlaneRequest } from '../../shared/contract/network';
import type { Reply, Surface } from '../../shared/contract/lab';
import type { Experiment } from '../../shared/experiment/experiment';
import { check, editRuns, readExperimentFile, DEFAULT_EXPERIMENT_PATH } from './experiment-store';
import { requireExperiment, runAt } from './experiment-store';
import { ExperimentEditor } from './experiment-editor';
import type { DataRoot } from '../../shared/experiment/data-path';
import { dataRefusal, recordedSpec, viewRoot } from './data-access';
import { invalid, invalidCommand, plainRecording, recordingOf, runStates, toFrame } from './replies';
import { HostEvents } from './host-events';
import { PlayClock } from './play-clock';
import type { PackedRecording } from './replies';
import type { RunSlot } from './run-slot';
import { RunSlots } from './run-slots';
import { DataUploads } from './data-uploads';
import { SweepJob } from '../sweep/sweep-job';
import { WorkerPool, type PoolOptions } from './worker-pool';
import { HostViews } from './views';
import type { RecordedPath } from '../../shared/landscape/types';

export interface LabHostOptions extends PoolOptions {
  /** The experiment to start with (default resources/default.lab.json). */
  experimentPath?: string;
  /** Least time between two frames of one run while playing (ms; default 16). */
  frameIntervalMs?: number;
  /** Folder the data of experiments loaded by command are confined to (default: the working folder). */
  baseDir?: string;
}

type Valid = ReturnType<typeof CommandSchema.parse>;

export class LabHost {
  private readonly pool: WorkerPool;
  /** The experiment and the commands that edit it. */
  private readonly editor: ExperimentEditor;
  /** Where data are read from: confined to the opened experiment's folder (data-access.ts). */
  private baseDir: DataRoot;
  /** The runs' engines and their frames. */
  private readonly runs: RunSlots;
  /** The one clock all runs step on, and the play state. */
  private readonly clock: PlayClock;
  private readonly events = new HostEvents();
  /** The sweep started from a view (its progress rides in the state). */
  private readonly sweeps = new SweepJob(() => this.emitState());
  /** CSV files the views uploaded, and the experiment waiting for one (data-uploads.ts). */
  private readonly uploads = new DataUploads();
  /** The network views, Instant mode and the Theory figures (views.ts). */
  private readonly views: HostViews;

  constructor(private readonly options: LabHostOptions = {}) {
    this.pool = new WorkerPool(options);
    this.runs = new RunSlots(this.pool, this.events, () => this.clock, {
      experiment: () => requireExperiment(this.experiment),
      baseDir: () => this.uploads.rootFor(this.input, this.baseDir),
      emitState: () => this.emitState(),
    });
    this.clock = new PlayClock(
      {
        slots: () => this.runs.list,
        steps: () => requireExperiment(this.experiment).steps,
        advance: (slot, n) => this.runs.advance(slot, n),
        emitState: () => this.emitState(),
      },
      options.frameIntervalMs ?? 16,
    );
    this.baseDir = viewRoot(options.baseDir ?? process.cwd());
    this.editor = new ExperimentEditor({
      runs: this.runs,
      clock: this.clock,
      emitState: () => this.emitState(),
      // Warmed on the CPU kernels only: a forced GPU backend (webgpu, TensorFlow.js) would open a second
      // device in the prompt worker for it, still busy if the lab closes at once.
      loaded: (experiment) => {
        if (!options.backend || options.backend === 'auto' || options.backend === 'compiled')
          this.views.warmInstant(experiment);
      },
    });
    this.views = new HostViews({
      experiment: () => this.experiment,
      runs: this.runs,
      rootFor: (experiment) => this.uploads.rootFor(experiment, this.baseDir),
      baseDir: () => this.baseDir,
    });
  }

  private get input(): Record<string, unknown> {
    return this.editor.input;
  }

  private get experiment(): Experiment | null {
    return this.editor.experiment;
  }

  /**
   * The export command's reply with the recording's positions packed (`PackedPositions`), to be
   * streamed with `jsonChunks` (the server's exports); an error reply when there is nothing to export.
   */
  async exportRecording(): Promise<Reply> {
    try {
      return { ok: true, recording: await this.packedRecording() };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private packedRecording(): Promise<PackedRecording> {
    return recordingOf(this.runs.list, requireExperiment(this.experiment), this.runs.backend);
  }

  /** Loads the starting experiment; resolves once every run's engine is built. */
  async start(): Promise<Reply> {
    return this.loadFile(this.options.experimentPath ?? DEFAULT_EXPERIMENT_PATH);
  }

  /** Loads a `.lab.json` from disk (its folder resolves relative CSV paths). */
  async loadFile(path: string): Promise<Reply> {
    const read = await readExperimentFile(path);
    if (!read.ok) return invalid(read);
    const missing = await this.uploads.refuseIfMissing(read.input, viewRoot(read.baseDir));
    if (missing) {
      this.emitState();
      return missing;
    }
    this.useDataFolder(read.baseDir, read.input);
    return this.editor.replace(read);
  }

  /** Confines data to `dir`, `trusted` (an experiment the user named) keeping its own data file readable. */
  useDataFolder(dir: string, trusted?: unknown): void {
    this.baseDir = viewRoot(dir, trusted);
  }

  /** An exported recording's `spec` as saved in `dir`: its CSV relative to there, with its SHA-256 (SPEC §9). */
  recordedSpec(spec: Experiment, dir: string): Promise<Experiment> {
    return recordedSpec(spec, this.uploads.rootFor(spec, this.baseDir), dir);
  }

  state(): LabState {
    return {
      experiment: this.experiment,
      playing: this.clock.playing,
      stepsPerFrame: this.clock.stepsPerFrame,
      backend: this.runs.backend.label,
      runs: runStates(this.runs.list, this.experiment),
      ...(this.sweeps.status() ? { sweep: this.sweeps.status() } : {}),
      ...this.uploads.stateOf(this.input),
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
    this.runs.list.forEach((slot, i) => {
      if (slot.last) cb(toFrame(i, slot.last));
    });
    return off;
  }

  /** Handles one raw command from a view; never throws. */
  async handle(raw: unknown): Promise<Reply> {
    const parsed = CommandSchema.safeParse(raw);
    if (!parsed.success) return invalidCommand(parsed.error.issues);
    try {
      return dataRefusal(parsed.data, this.baseDir) ?? (await this.dispatch(parsed.data));
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The worker thread run `index` is on (diagnostics and tests; terminating it fails that run). */
  runWorker(index: number): RunSlot['worker'] | undefined {
    return this.runs.list[index]?.worker;
  }

  async close(): Promise<void> {
    this.clock.playing = false;
    await this.sweeps.cancel();
    this.runs.list = [];
    await this.views.close();
    await this.pool.close();
    await this.uploads.close();
  }

  private async dispatch(command: Valid): Promise<Reply> {
    if (HostViews.handles(command)) return this.views.dispatch(command);
    switch (command.type) {
      case 'load': {
        const missing = await this.uploads.refuseIfMissing(command.spec, this.baseDir);
        if (missing) this.emitState(); // the views' data pickers ask for the file
        return missing ?? this.editor.replace(check(command.spec));
      }
      case 'play':
        return this.editor.play();
      case 'pause':
        this.clock.setPlaying(false);
        return { ok: true };
      case 'step':
        await Promise.all(this.runs.list.map((s) => this.runs.advance(s, command.n)));
        this.emitState();
        return { ok: true };
      case 'reset':
        return this.editor.replace({ ok: true, input: this.input, experiment: requireExperiment(this.experiment) });
      case 'speed':
        this.clock.stepsPerFrame = command.stepsPerFrame;
        this.emitState();
        return { ok: true };
      case 'updateRun':
        return this.editor.updateRun(command.index, command.run);
      case 'patchRun':
        return this.editor.patchRun(command.index, command.patch);
      case 'setSteps':
        return this.editor.setSteps(command.steps);
      case 'addRun':
        return this.editor.replace(editRuns(this.input, (runs) => runs.push(command.run)));
      case 'removeRun':
        return this.editor.removeRun(command.index);
      case 'duplicateRun': {
        const source = runAt(this.experiment, command.index);
        const copy = { ...structuredClone(source), name: `${source.name} (copy)` };
        return this.editor.replace(editRuns(this.input, (runs) => runs.push(copy)));
      }
      case 'surface': {
        const other = command.spec === undefined ? null : check(command.spec);
        if (other && !other.ok) return invalid(other);
        const experiment = other?.experiment ?? requireExperiment(this.experiment);
        if (experiment.loss.model)
          return { ok: false, error: "a network's loss is drawn on its landscape plane: ask for plane" };
        const baseDir = this.uploads.rootFor(experiment, this.baseDir);
        const request = { type: 'surface', experiment, resolution: command.resolution, baseDir } as const;
        return { ok: true, surface: await this.pool.any().call<Surface>(request) };
      }
      case 'seek':
        return { ok: false, error: 'only a replay of a recording has a timeline to seek' };
      case 'export': // cloned, not streamed (Electron's IPC): nested arrays
        return { ok: true, recording: plainRecording(await this.packedRecording()) };
      case 'visibility':
        if (this.runs.views.report(command.view ?? 'default', command.visible) && this.runs.visible)
          await this.runs.refreshFrames();
        return { ok: true };
      case 'displayCap':
        this.runs.displayCap = Math.min(command.particles, LIMITS.displayParticles);
        return { ok: true };
      case 'framesShown': // only the WebSocket paces frames (server/lab-socket.ts)
        return { ok: true };
      case 'sweep':
        return this.sweeps.start(command.grid, this.uploads.rootFor(command.grid.experiment, this.baseDir));
      case 'cancelSweep':
        return this.sweeps.cancel();
      case 'uploadData':
        return this.uploads.upload(
          command,
          this.input,
          (spec) => this.editor.replace(check(spec)),
          () => this.emitState(),
        );
      case 'chooseData': // the desktop window's bridge shows the dialog (electron/ipc-bridge.ts)
        return { ok: false, error: 'only the desktop lab has a file dialog: upload the CSV instead' };
    }
  }

  /** A network's landscape plane through `paths` (the live runs', or a replay's recorded ones). */
  planeOf(experiment: Experiment, paths: RecordedPath[], plane: PlaneRequest, resolution: number): Promise<Reply> {
    return this.views.planeOf(experiment, paths, plane, resolution);
  }

  private emitState(): void {
    this.events.emitState(this.state());
  }
}
