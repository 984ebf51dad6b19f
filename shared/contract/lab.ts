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
import { MAX_PLANE_RESOLUTION, NETWORK_COMMANDS, type LabPlane, type LossLine, type ModelDataView } from './network';
import type { ModelMeasures, NetworkApi } from './network';
import { RunIndexSchema as index } from './run-index';
import { RunPatchSchema, type RunPatch } from './run-patch';
import type { InstantPaths } from './instant';
import { THEORY_COMMANDS, type TheoryApi, type TheoryFigure } from './theory';

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
  planeResolution: MAX_PLANE_RESOLUTION,
  displayParticles: 1_000_000,
  stepsPerFrame: 100_000,
  /** Cells of one sweep started from a view. */
  sweepCells: MAX_SWEEP_CELLS,
} as const;

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
   * computing (the older is answered `superseded`). The live runs are left as they are. With `since`
   * (the answer the view shows), runs unchanged since that answer are sent as null (`InstantPaths`).
   * With `instant` and `at`: each run's row at step `at.t` of the answer `at.generation` (`Reply.heads`),
   * exact.
   */
  z.strictObject({
    type: z.literal('history'),
    instant: z.boolean().optional(),
    since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    at: z
      .strictObject({
        generation: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        t: z.number().int().min(0).max(MAX_STEPS),
      })
      .optional(),
  }),
  /** Starts a sweep over a grid (progress and finished cells arrive in `LabState.sweep`). */
  z.strictObject({ type: z.literal('sweep'), grid: SweepGridSchema }),
  /** Stops the running sweep between two cells; its finished cells stay. */
  z.strictObject({ type: z.literal('cancelSweep') }),
  ...NETWORK_COMMANDS,
  ...THEORY_COMMANDS,
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
      /** Each run at step `at.t` of an Instant answer (`history` with `instant` and `at`): statistics, first particle. */
      heads?: Frame[];
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
export interface LabApi extends NetworkApi, TheoryApi {
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
  /**
   * Every run's whole path up to `steps`, computed at once (`Reply.instant`; optional: a replay has none);
   * with `since`, the runs unchanged since that answer come as null.
   */
  instant?(since?: number): Promise<Reply>;
  /** Each run's exact row at step `t` of Instant answer `generation` (`Reply.heads`: the scrubber). */
  instantAt?(generation: number, t: number): Promise<Reply>;
  /** Starts a sweep (optional: a replay cannot run one); its progress arrives in the state's `sweep`. */
  sweep?(grid: SweepGrid): Promise<Reply>;
  cancelSweep?(): Promise<Reply>;
  /** Tells the lab this view drew `count` more frames (the browser transport paces frames by it). */
  framesShown?(count: number): Promise<Reply>;
  /** Gives the lab a CSV file's text as the data file `name` (`Reply.data`: its columns and rows). */
  uploadData?(name: string, text: string): Promise<Reply>;
  /** Desktop only: the lab asks for a CSV file in its own dialog and keeps it as `uploadData` would. */
  chooseData?(): Promise<Reply>;
  onState(cb: (state: LabState) => void): () => void;
  onFrame(cb: (frame: Frame) => void): () => void;
}

/** The raw duplex a transport provides; `createLabApi` turns it into the domain API. */
export interface LabTransport {
  send(command: Command): Promise<Reply>;
  onState(cb: (state: LabState) => void): () => void;
  onFrame(cb: (frame: Frame) => void): () => void;
}
