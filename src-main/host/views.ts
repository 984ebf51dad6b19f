/**
 * The lab host's view commands that compute a picture beside the live runs rather than step them: a
 * network's landscape `plane` (live or a replay's), `cancelPlane`, the `interpolate` line between two
 * runs' ends, the `modelData` picture, Instant mode's whole paths (`history` with `instant`) and the
 * Theory gallery's headless `theoryFigure`.
 */
import type { PlaneRequest } from '../../shared/contract/network';
import type { Reply, ValidCommand } from '../../shared/contract/lab';
import type { DataRoot } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import type { RecordedPath } from '../../shared/landscape/types';
import { check, requireExperiment } from './experiment-store';
import { InstantRuns } from './instant-runs';
import { INSTANT_SUPERSEDED, instantByDefault } from '../../shared/contract/instant';
import { ModelViews } from './model-views';
import { recordedLine, recordedPlane } from './recorded-views';
import { invalid } from './replies';
import type { RunSlots } from './run-slots';
import { TheoryFigures } from './theory-figure';

/** The commands `HostViews` answers. */
export type ViewCommand = Extract<
  ValidCommand,
  { type: 'plane' | 'cancelPlane' | 'interpolate' | 'modelData' | 'history' | 'theoryFigure' }
>;

/** What the views read of the host. */
export interface ViewsContext {
  /** The host's experiment (null before one is loaded). */
  experiment(): Experiment | null;
  /** The live runs (their paths, ends, workers and display cap). */
  runs: RunSlots;
  /** Where `experiment`'s data are read from (an uploaded CSV or the opened folder). */
  rootFor(experiment: Experiment): DataRoot;
  /** The folder data are confined to. */
  baseDir(): DataRoot;
}

/** Dispatches the view commands to the network views, Instant mode and the Theory figures. */
export class HostViews {
  /** A network's plane, interpolation and data picture (model-views.ts). */
  private readonly models = new ModelViews();
  /** Instant mode: every run's whole path at once (instant-runs.ts). */
  private readonly instant = new InstantRuns();
  /** Theory gallery figures, each computed whole in a worker (theory-figure.ts). */
  private readonly figures = new TheoryFigures();

  constructor(private readonly host: ViewsContext) {}

  /**
   * A still lab's experiment that the view explores instantly by default has its paths computed as soon
   * as it is loaded (the prompt worker warms up, and the first change computes only the run it changed).
   * Called as the experiment is set, before any later command: a view's request then supersedes this.
   */
  warmInstant(experiment: Experiment): void {
    if (!instantByDefault(experiment)) return;
    const { runs } = this.host;
    void this.instant
      .compute(experiment, this.host.rootFor(experiment), runs.displayCap, (i, small) =>
        small ? runs.promptWorker() : runs.workerFor(i),
      )
      .catch(() => undefined);
  }

  /** Whether `command` is one of the views'. */
  static handles(command: ValidCommand): command is ViewCommand {
    return VIEW_COMMANDS.has(command.type);
  }

  async dispatch(command: ViewCommand): Promise<Reply> {
    const { runs } = this.host;
    switch (command.type) {
      case 'plane':
        if (command.spec !== undefined)
          // a replay opened in the page
          return recordedPlane(command, (e, paths) => this.planeOf(e, paths, ...planeArgs(command)));
        return this.planeOf(this.experiment(), runs.paths(this.host.experiment()), ...planeArgs(command));
      case 'cancelPlane':
        return this.models.cancelPlane();
      case 'interpolate': {
        const { points } = command; // a replay opened in the page sends its spec and ends
        const line = (e: Experiment, ab: [Float64Array, Float64Array]) =>
          this.models.interpolate(e, this.host.rootFor(e), ab, points);
        if (command.spec !== undefined) return recordedLine(command, line);
        const ends = command.runs.map((r) => runs.end(r)) as [Float64Array, Float64Array];
        return line(this.experiment(), ends);
      }
      case 'modelData': {
        const other = command.spec === undefined ? null : check(command.spec);
        if (other && !other.ok) return invalid(other);
        const spec = other?.experiment ?? this.experiment();
        return this.models.modelData(spec, this.host.rootFor(spec));
      }
      case 'history':
        if (command.instant && command.at) {
          const heads = this.instant.rowsAt(command.at.generation, command.at.t);
          return heads ? { ok: true, heads } : { ok: false, error: INSTANT_SUPERSEDED };
        }
        if (command.instant) {
          const experiment = this.experiment();
          const baseDir = this.host.rootFor(experiment);
          return this.instant.compute(
            experiment,
            baseDir,
            runs.displayCap,
            (i, small) => (small ? runs.promptWorker() : runs.workerFor(i)),
            command.since,
          );
        }
        return { ok: true, history: runs.list.map((s) => s.log.history()) };
      case 'theoryFigure':
        return this.figures.compute(command.spec, this.host.baseDir(), command.frames ?? 0);
    }
  }

  /** A network's landscape plane through `paths` (the live runs', or a replay's recorded ones). */
  planeOf(experiment: Experiment, paths: RecordedPath[], plane: PlaneRequest, resolution: number): Promise<Reply> {
    return this.models.plane(experiment, this.host.rootFor(experiment), paths, plane, resolution);
  }

  /** Stops what the views are computing. */
  async close(): Promise<void> {
    this.models.close();
    await this.figures.close();
  }

  private experiment(): Experiment {
    return requireExperiment(this.host.experiment());
  }
}

const VIEW_COMMANDS = new Set<string>(['plane', 'cancelPlane', 'interpolate', 'modelData', 'history', 'theoryFigure']);

const planeArgs = (c: { plane: PlaneRequest; resolution: number }) => [c.plane, c.resolution] as const;
