/**
 * The lab's one contract: every command the view sends, every reply and event the host returns, and
 * the domain API (`LabApi`) that both transports (the Electron preload and the browser WebSocket)
 * implement. The renderer only ever sees `LabApi`; it cannot tell which transport it is on.
 *
 * Schemas are the single source: types are inferred from them, and the host validates every message
 * with them where it enters.
 */
import { z } from 'zod';
import { MAX_STEPS, RunInputSchema, type Experiment } from '../experiment/experiment';
import type { SpecIssue } from '../experiment/issues';
import { DATA_COMMANDS, type DataInfo } from './data-upload';
import { MAX_SWEEP_CELLS, SweepGridSchema, type SweepGrid, type SweepProgress } from './sweep';

export type { DataInfo } from './data-upload';

export {
  SweepCellSchema,
  SweepGridSchema,
  SweepProgressSchema,
  type SweepCell,
  type SweepGrid,
  type SweepProgress,
  type SweepValue,
} from './sweep';

/** Hard caps on what one message may ask for. */
export const LIMITS = {
  /** Bytes of one incoming JSON message. */
  messageBytes: 4 * 1024 * 1024,
  surfaceResolution: 1024,
  /** The finest grid of a network's landscape plane (`plane`). */
  planeResolution: 201,
  displayParticles: 1_000_000,
  stepsPerFrame: 100_000,
  /** Cells of one sweep started from a view. */
  sweepCells: MAX_SWEEP_CELLS,
} as const;

const index = z.number().int().min(0).max(63);

/** The largest learning rate a hot change may set (the page refuses more in the field itself). */
export const MAX_PATCH_LR = 1e6;

/**
 * A hot change of one field of one run: the learning rate η of its optimizer, or its name. Small and
 * typed, so the host applies it without re-validating the experiment, before the run's next step.
 */
export const RunPatchSchema = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('lr'), value: z.number().positive().max(MAX_PATCH_LR) }),
  z.strictObject({ field: z.literal('name'), value: z.string().trim().min(1).max(100) }),
]);
export type RunPatch = z.output<typeof RunPatchSchema>;

/**
 * Which landscape plane (SPEC §13 `landscape`): PCA of the runs' paths (Li et al. §7), filter-normalized
 * random directions (from `seed`), or the plane through the start and two runs' ends (`runs`).
 * `span`: the grid's half-width in plane units, as `sgd-lab landscape --span` (default: the paths' extent).
 */
export const PlaneRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pca'), span: z.number().positive().max(1e6).optional() }),
  z.strictObject({
    kind: z.literal('random'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    span: z.number().positive().max(1e6).optional(),
  }),
  z.strictObject({
    kind: z.literal('points'),
    runs: z.tuple([index, index]),
    span: z.number().positive().max(1e6).optional(),
  }),
]);
export type PlaneRequest = z.output<typeof PlaneRequestSchema>;

/** Most recorded frames a `theoryFigure` reply carries per run. */
export const MAX_FIGURE_FRAMES = 2000;

export const CommandSchema = z.discriminatedUnion('type', [
  /** Load an experiment (the parsed contents of a `.lab.json`). */
  z.strictObject({ type: z.literal('load'), spec: z.unknown(), name: z.string().max(500).optional() }),
  z.strictObject({ type: z.literal('play') }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('step'), n: z.number().int().min(1).max(LIMITS.stepsPerFrame) }),
  z.strictObject({ type: z.literal('reset') }),
  z.strictObject({ type: z.literal('speed'), stepsPerFrame: z.number().int().min(1).max(LIMITS.stepsPerFrame) }),
  /** Hot change of one run (learning rate, N/β, batch, schedule, dynamics…), applied at the next step. */
  z.strictObject({ type: z.literal('updateRun'), index, run: RunInputSchema }),
  /** One field of one run, hot (see `RunPatchSchema`). */
  z.strictObject({ type: z.literal('patchRun'), index, patch: RunPatchSchema }),
  /** Where every run stops (the experiment's `steps`); runs already past it are done. */
  z.strictObject({ type: z.literal('setSteps'), steps: z.number().int().min(1).max(MAX_STEPS) }),
  z.strictObject({ type: z.literal('addRun'), run: RunInputSchema }),
  z.strictObject({ type: z.literal('removeRun'), index }),
  z.strictObject({ type: z.literal('duplicateRun'), index }),
  /** The loss surface of the current experiment, or of `spec` when given (a replay's recorded experiment). */
  z.strictObject({
    type: z.literal('surface'),
    resolution: z.number().int().min(2).max(LIMITS.surfaceResolution),
    spec: z.unknown().optional(),
  }),
  /** A replay's clock to recorded step `t` (only a replay has a timeline; the live host refuses it). */
  z.strictObject({ type: z.literal('seek'), t: z.number().int().min(0).max(MAX_STEPS) }),
  z.strictObject({ type: z.literal('export') }),
  /** Whether one view (`view`: an id it picked) shows the lab; frames stop only when no view does. */
  z.strictObject({ type: z.literal('visibility'), visible: z.boolean(), view: z.string().min(1).max(64).optional() }),
  z.strictObject({ type: z.literal('displayCap'), particles: z.number().int().min(1).max(LIMITS.displayParticles) }),
  /** A view drew `count` more frames: over the WebSocket, frames are paced by these (no effect elsewhere). */
  z.strictObject({ type: z.literal('framesShown'), count: z.number().int().min(1).max(1_000_000) }),
  /**
   * Each run's statistics so far (`Reply.history`), for a view that joins mid-run: its charts start whole.
   * With `instant` (instant mode): every run's whole path recomputed from t = 0 up to `steps` in the run
   * workers, with the runs' settings now (`Reply.instant`); a newer request supersedes an older one still
   * computing (the older is answered `superseded`). The live runs are left as they are.
   */
  z.strictObject({ type: z.literal('history'), instant: z.boolean().optional() }),
  /** Starts a sweep over a grid (progress and finished cells arrive in `LabState.sweep`). */
  z.strictObject({ type: z.literal('sweep'), grid: SweepGridSchema }),
  /** Stops the running sweep between two cells; its finished cells stay. */
  z.strictObject({ type: z.literal('cancelSweep') }),
  /**
   * A network's landscape plane (SPEC §13) through the runs' paths so far, with its loss grid (of `spec`
   * when given: a replay's recorded experiment). A newer `plane` supersedes an older one still computing
   * (the older is answered `superseded`); a view asks coarse first, then finer. A replay opened in the
   * page sends its recording's `spec` with its recorded `paths` (per run, its first particle's Φ at the
   * recorded steps; null: a diverged coordinate), and the plane goes through those.
   */
  z.strictObject({
    type: z.literal('plane'),
    plane: PlaneRequestSchema,
    resolution: z.number().int().min(2).max(LIMITS.planeResolution),
    spec: z.unknown().optional(),
    paths: z.array(z.array(z.array(z.number().nullable()))).optional(),
  }),
  /** Stops the plane being computed (its request is answered `superseded`). */
  z.strictObject({ type: z.literal('cancelPlane') }),
  /**
   * The full training (and test) loss along the straight line from run `runs[0]`'s first particle to run
   * `runs[1]`'s, at `points` evenly spaced s ∈ [−0.25, 1.25] (`Reply.line`): are the two minima connected?
   */
  z.strictObject({
    type: z.literal('interpolate'),
    runs: z.tuple([index, index]),
    points: z.number().int().min(2).max(LIMITS.planeResolution),
    /** A replay opened in the page: its recording's experiment and the two runs' Φ at its clock. */
    spec: z.unknown().optional(),
    ends: z.tuple([z.array(z.number()), z.array(z.number())]).optional(),
  }),
  /** What a network of the current experiment (or of `spec`) trains on, for the views (`Reply.modelData`). */
  z.strictObject({ type: z.literal('modelData'), spec: z.unknown().optional() }),
  /**
   * A Theory gallery figure: experiment `spec` run whole, headless, off the host's main thread
   * (`Reply.figure`: each run's history and up to `frames` of its recorded frames); the live lab is left
   * as it is. A newer request supersedes an older one still computing (answered `FIGURE_SUPERSEDED`).
   */
  z.strictObject({
    type: z.literal('theoryFigure'),
    spec: z.unknown(),
    frames: z.number().int().min(0).max(MAX_FIGURE_FRAMES).optional(),
  }),
  ...DATA_COMMANDS,
]);
/** A command as a sender writes it (defaults may be omitted)… */
export type Command = z.input<typeof CommandSchema>;
/** …and as the host sees it after validation. */
export type ValidCommand = z.output<typeof CommandSchema>;
export type CommandType = Command['type'];

/** The surface of the loss on a G×G grid (G values for one parameter), row-major, y outer. */
export interface Surface {
  resolution: number;
  domain: [number, number][];
  values: Float32Array;
  min: number;
  max: number;
  /** Contour levels, log-spaced where the loss is positive. */
  levels: number[];
}

/**
 * A network's landscape plane (SPEC §13) for the views: Φ = center + α·d1 + β·d2, and the full training
 * loss on a grid over (α, β) as a `Surface` (its `domain` is [[α₀, α₁], [β₀, β₁]]). A point Φ projects by
 * least squares (shared/landscape/project.ts); its distance off the plane is the residual's norm.
 */
export interface LabPlane {
  kind: PlaneRequest['kind'];
  center: number[];
  d1: number[];
  d2: number[];
  surface: Surface;
  /** PCA: the fraction of the paths' variance along d1 and d2. */
  explained?: [number, number];
}

/**
 * What a network trains on, for the views (the data picture, the decision function): counts always;
 * the rows themselves only for 1 or 2 inputs, as the network sees them (standardized when asked).
 */
export interface ModelDataView {
  /** Input columns. */
  inputs: number;
  /** Classes (0: real targets, a regression). */
  classes: number;
  /** Training and test rows. */
  train: number;
  test: number;
  /** Row-major inputs [(train + test) × inputs], training rows first; absent above 2 inputs. */
  x?: number[];
  /** Per row: the class label (0-based) or the real target. Absent with `x`. */
  y?: number[];
}

/** A model run's measures in a frame or a history (SPEC §13): NaN where not defined (no test rows, a regression). */
export interface ModelMeasures {
  testLoss: number;
  accuracy: number;
  testAccuracy: number;
  /** The largest Hessian eigenvalue at the first particle, when `record.sharpness` asks (else absent). */
  sharpness?: number;
  /** The full training loss of the first particle (whose path is drawn): the "true L" of a path's point. */
  firstLoss: number;
}

/** The loss along a line between two runs' ends (`interpolate`): L((1 − s)·Φ_a + s·Φ_b) at each s. */
export interface LossLine {
  s: number[];
  loss: number[];
  /** On the test rows, when the data have any. */
  testLoss?: number[];
}

/** At most this many points of one run's history are kept (evenly thinned as the run goes on). */
export const HISTORY_POINTS = 2000;

/**
 * One run's statistics so far, thinned to at most `HISTORY_POINTS` evenly spaced steps (the latest one
 * always last): what a view that joins mid-run draws its charts and the run's trail from.
 */
export interface RunHistory {
  t: number[];
  lr: number[];
  loss: number[];
  lossMin: number[];
  lossMax: number[];
  examples: number[];
  tau: number[];
  dims: number;
  /** The first particle's path, `dims` numbers per point (only the steps whose positions were sent). */
  path: number[];
  /** A network's measures at each of `t` (absent for a formula). */
  model?: { testLoss: number[]; accuracy: number[]; testAccuracy: number[]; firstLoss: number[]; sharpness?: number[] };
}

/**
 * One run's whole path computed at once (instant mode): its statistics and its first particle's path at
 * evenly spaced steps from t = 0 to the experiment's `steps` (the last step last; `path` has one point
 * per `t`), and its final frame with every particle up to the display cap.
 */
export interface InstantRun {
  history: RunHistory;
  final: Frame;
}

/** Every run's whole path (`history` with `instant`), numbered by the request it answers. */
export interface InstantPaths {
  generation: number;
  runs: InstantRun[];
}

/**
 * A Theory gallery figure computed headless (`theoryFigure`): per run its whole history (as `history`
 * gives it) and its recorded frames (the recording's particles, evenly spaced steps, the last step
 * last), and how long the engine took (ms).
 */
export interface TheoryFigure {
  runs: { history: RunHistory; frames: Frame[] }[];
  ms: number;
}

/** The error of a `theoryFigure` request that a newer one superseded. */
export const FIGURE_SUPERSEDED = 'superseded: a newer figure is being computed';

/** The error of an instant request that a newer one superseded (its result would be stale). */
export const INSTANT_SUPERSEDED = 'superseded: a newer change is being computed';

export type Reply =
  | {
      ok: true;
      experiment?: Experiment;
      surface?: Surface;
      recording?: unknown;
      history?: RunHistory[];
      /** The data file an `uploadData` kept. */
      data?: DataInfo;
      /** A network's landscape plane with its grid (`plane`). */
      plane?: LabPlane;
      /** What a network trains on (`modelData`). */
      modelData?: ModelDataView;
      /** The loss between two runs' ends (`interpolate`). */
      line?: LossLine;
      /** Every run's whole path (`history` with `instant`). */
      instant?: InstantPaths;
      /** A Theory gallery figure computed headless (`theoryFigure`). */
      figure?: TheoryFigure;
    }
  /**
   * `download`: where the page can fetch what did not fit in a reply (an export too large for one message).
   * `missingData`: the CSV file (as the experiment names it) that was not found: the user can upload it.
   */
  | { ok: false; error: string; issues?: SpecIssue[]; download?: string; missingData?: string };

export type RunStatus = 'running' | 'paused' | 'done' | 'failed';

export interface RunState {
  name: string;
  status: RunStatus;
  /** Why a run failed, in words. */
  reason?: string;
}

/** Sent whenever the experiment or the play state changes. */
export interface LabState {
  experiment: Experiment | null;
  playing: boolean;
  stepsPerFrame: number;
  backend: string;
  runs: RunState[];
  /** Present when the lab is a replay of a recording (see `shared/contract/replay.ts`). */
  replay?: ReplayInfo;
  /** The latest sweep started from a view, while running and after (see `SweepProgressSchema`). */
  sweep?: SweepProgress;
  /** The experiment's CSV data, when it is a file the user uploaded (its columns and rows). */
  data?: DataInfo;
  /** The CSV file of an experiment refused because it was not found: what Data → Upload CSV would supply. */
  missingData?: string;
}

/** A replay's timeline: where it comes from and the recorded steps it can show. */
export interface ReplayInfo {
  /** The recording's name (its file name). */
  name: string;
  /** Every recorded step of any run, ascending (0 first, the last step last). */
  times: number[];
}

/** One run's live view: positions of up to the display cap of particles plus this step's statistics. */
export interface Frame {
  run: number;
  t: number;
  lr: number;
  loss: number;
  lossMin: number;
  lossMax: number;
  examples: number;
  tau: number;
  diverged: number;
  /** Row-major [count × D]. */
  positions: Float32Array;
  dims: number;
  /** The optimizer's state at step t (absent for a stateless optimizer or a backend that cannot tell). */
  state?: OptimizerStateFrame;
  /** ∇L (the full loss's exact gradient) at the first particle at step t, [D] (absent where unknown). */
  gradient?: number[];
  /**
   * A network's measures at step t (absent for a formula). A network's `positions` are its particles' Φ
   * (`dims` = D, SPEC §13's layout; the first particle first, whose Φ draws the decision function); the
   * views project them onto the current `LabPlane`.
   */
  model?: ModelMeasures;
}

/** A run's optimizer state (the notes' running averages: μ, s, m, v…) at a frame's step. */
export interface OptimizerStateFrame {
  /** The state slots' names, as the optimizer table has them (shared/optim/descriptors.ts). */
  slots: string[];
  /** The first particle's values, [slot][D]. */
  first: number[][];
  /** The mean over the live particles, [slot][D]. */
  mean: number[][];
  /** Per slot, the bias correction at step t (Adam: m̂ = m/(1 − β₁ᵗ)), or 1 where the rule has none. */
  correction: number[];
}

/** What the renderer holds: domain functions only, never a channel or a socket. */
export interface LabApi {
  load(spec: unknown, name?: string): Promise<Reply>;
  play(): Promise<Reply>;
  pause(): Promise<Reply>;
  step(n: number): Promise<Reply>;
  reset(): Promise<Reply>;
  setSpeed(stepsPerFrame: number): Promise<Reply>;
  updateRun(index: number, run: z.input<typeof RunInputSchema>): Promise<Reply>;
  patchRun(index: number, patch: RunPatch): Promise<Reply>;
  setSteps(steps: number): Promise<Reply>;
  addRun(run: z.input<typeof RunInputSchema>): Promise<Reply>;
  removeRun(index: number): Promise<Reply>;
  duplicateRun(index: number): Promise<Reply>;
  /** The loss surface; of `spec` (an experiment) when given, else of the current experiment. */
  surface(resolution: number, spec?: unknown): Promise<Reply>;
  /** A replay's clock to step `t` (optional: only a lab that can replay has it). */
  seek?(t: number): Promise<Reply>;
  exportRecording(): Promise<Reply>;
  setVisible(visible: boolean): Promise<Reply>;
  setDisplayCap(particles: number): Promise<Reply>;
  /** Each run's history so far (`Reply.history`; optional: a replay has none to give). */
  history?(): Promise<Reply>;
  /** Every run's whole path up to `steps`, computed at once (`Reply.instant`; optional: a replay has none). */
  instant?(): Promise<Reply>;
  /** Starts a sweep (optional: a replay cannot run one); its progress arrives in the state's `sweep`. */
  sweep?(grid: SweepGrid): Promise<Reply>;
  cancelSweep?(): Promise<Reply>;
  /** Tells the lab this view drew `count` more frames (the browser transport paces frames by it). */
  framesShown?(count: number): Promise<Reply>;
  /** Gives the lab a CSV file's text as the data file `name` (`Reply.data`: its columns and rows). */
  uploadData?(name: string, text: string): Promise<Reply>;
  /** Desktop only: the lab asks for a CSV file in its own dialog and keeps it as `uploadData` would. */
  chooseData?(): Promise<Reply>;
  /** A network's landscape plane at `resolution` (`Reply.plane`); of `spec` (a replay's experiment) when given. */
  plane?(plane: PlaneRequest, resolution: number, spec?: unknown, paths?: (number | null)[][][]): Promise<Reply>;
  cancelPlane?(): Promise<Reply>;
  /** The loss along the line between two runs' first particles (`Reply.line`); of `spec` between `ends` when given. */
  interpolate?(runs: [number, number], points: number, spec?: unknown, ends?: [number[], number[]]): Promise<Reply>;
  /** What the network trains on (`Reply.modelData`). */
  modelData?(spec?: unknown): Promise<Reply>;
  /** A Theory gallery figure of `spec` computed headless (`Reply.figure`; optional: a replay has no engine). */
  theoryFigure?(spec: unknown, frames?: number): Promise<Reply>;
  onState(cb: (state: LabState) => void): () => void;
  onFrame(cb: (frame: Frame) => void): () => void;
}

/** The raw duplex a transport provides; `createLabApi` turns it into the domain API. */
export interface LabTransport {
  send(command: Command): Promise<Reply>;
  onState(cb: (state: LabState) => void): () => void;
  onFrame(cb: (frame: Frame) => void): () => void;
}

/** A view's id for `visibility`: one per `createLabApi` (one per page), random, no secret. */
function newViewId(): string {
  return `view-${Math.random().toString(36).slice(2, 12)}`;
}

/** What a transport's lab offers beyond the commands every lab takes. */
export interface LabApiOptions {
  /** A desktop lab, whose main process shows a file dialog for data (`chooseData`). */
  desktop?: boolean;
}

export function createLabApi(transport: LabTransport, options: LabApiOptions = {}): LabApi {
  const send = (command: Command) => transport.send(command);
  const view = newViewId();
  return {
    ...(options.desktop ? { chooseData: () => send({ type: 'chooseData' }) } : {}),
    uploadData: (name, text) => send({ type: 'uploadData', name, text }),
    load: (spec, name) => send(name === undefined ? { type: 'load', spec } : { type: 'load', spec, name }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (n) => send({ type: 'step', n }),
    reset: () => send({ type: 'reset' }),
    setSpeed: (stepsPerFrame) => send({ type: 'speed', stepsPerFrame }),
    updateRun: (i, run) => send({ type: 'updateRun', index: i, run }),
    patchRun: (i, patch) => send({ type: 'patchRun', index: i, patch }),
    setSteps: (steps) => send({ type: 'setSteps', steps }),
    addRun: (run) => send({ type: 'addRun', run }),
    removeRun: (i) => send({ type: 'removeRun', index: i }),
    duplicateRun: (i) => send({ type: 'duplicateRun', index: i }),
    surface: (resolution, spec) =>
      send(spec === undefined ? { type: 'surface', resolution } : { type: 'surface', resolution, spec }),
    seek: (t) => send({ type: 'seek', t }),
    exportRecording: () => send({ type: 'export' }),
    setVisible: (visible) => send({ type: 'visibility', visible, view }),
    setDisplayCap: (particles) => send({ type: 'displayCap', particles }),
    sweep: (grid) => send({ type: 'sweep', grid }),
    cancelSweep: () => send({ type: 'cancelSweep' }),
    history: () => send({ type: 'history' }),
    instant: () => send({ type: 'history', instant: true }),
    framesShown: (count) => send({ type: 'framesShown', count }),
    plane: (plane, resolution, spec, paths) =>
      send({
        type: 'plane',
        plane,
        resolution,
        ...(spec === undefined ? {} : { spec }),
        ...(paths === undefined ? {} : { paths }),
      }),
    cancelPlane: () => send({ type: 'cancelPlane' }),
    interpolate: (runs, points, spec, ends) =>
      send({
        type: 'interpolate',
        runs,
        points,
        ...(spec === undefined ? {} : { spec }),
        ...(ends === undefined ? {} : { ends }),
      }),
    modelData: (spec) => send(spec === undefined ? { type: 'modelData' } : { type: 'modelData', spec }),
    theoryFigure: (spec, frames) =>
      send(frames === undefined ? { type: 'theoryFigure', spec } : { type: 'theoryFigure', spec, frames }),
    onState: (cb) => transport.onState(cb),
    onFrame: (cb) => transport.onFrame(cb),
  };
}
