/**
 * The networks part of the lab's contract (SPEC §13): the commands that ask a network's landscape
 * `plane` (and `cancelPlane`), the loss line between two runs' ends (`interpolate`) and what it trains on
 * (`modelData`); the replies' payloads (`LabPlane`, `LossLine`, `ModelDataView`), a frame's `ModelMeasures`,
 * and the `LabApi` calls that send them. `shared/contract/lab.ts` joins them into `CommandSchema` and `LabApi`.
 */
import { z } from 'zod';
import type { Command, Reply, Surface } from './lab';
import { RunIndexSchema as index } from './run-index';

/** The finest grid of a network's landscape plane (`plane`) and the most points of an `interpolate` line. */
export const MAX_PLANE_RESOLUTION = 201;

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

/** The commands of `CommandSchema` about networks. */
export const NETWORK_COMMANDS = [
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
    resolution: z.number().int().min(2).max(MAX_PLANE_RESOLUTION),
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
    points: z.number().int().min(2).max(MAX_PLANE_RESOLUTION),
    /** A replay opened in the page: its recording's experiment and the two runs' Φ at its clock. */
    spec: z.unknown().optional(),
    ends: z.tuple([z.array(z.number()), z.array(z.number())]).optional(),
  }),
  /** What a network of the current experiment (or of `spec`) trains on, for the views (`Reply.modelData`). */
  z.strictObject({ type: z.literal('modelData'), spec: z.unknown().optional() }),
] as const;

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

/** The `LabApi` calls about networks (optional: a lab without a network engine may lack them). */
export interface NetworkApi {
  /** A network's landscape plane at `resolution` (`Reply.plane`); of `spec` (a replay's experiment) when given. */
  plane?(plane: PlaneRequest, resolution: number, spec?: unknown, paths?: (number | null)[][][]): Promise<Reply>;
  cancelPlane?(): Promise<Reply>;
  /** The loss along the line between two runs' first particles (`Reply.line`); of `spec` between `ends` when given. */
  interpolate?(runs: [number, number], points: number, spec?: unknown, ends?: [number[], number[]]): Promise<Reply>;
  /** What the network trains on (`Reply.modelData`). */
  modelData?(spec?: unknown): Promise<Reply>;
}

/** `NetworkApi` over a transport's `send`. */
export function networkCalls(send: (command: Command) => Promise<Reply>): Required<NetworkApi> {
  return {
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
  };
}
