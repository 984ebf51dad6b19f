/**
 * What a loss-landscape plane (SPEC §13, `sgd-lab landscape`) is computed from and what it writes.
 * Pure types: no Node, no DOM.
 */

/** One layer of a network in SPEC §13's layout of Φ: W (fanIn × fanOut, row-major), then b (fanOut). */
export interface LayerShape {
  fanIn: number;
  fanOut: number;
}

/**
 * The full loss of an experiment as a function of Φ, over all its training examples (and its test
 * examples, when it has any): what the grid and the paths' `loss` are evaluated with.
 */
export interface FullLoss {
  /** Number of parameters. */
  readonly D: number;
  /** The network's layers in Φ's layout (SPEC §13); absent for a formula, whose Φ has no units. */
  readonly layers?: readonly LayerShape[];
  /** The full training loss L(Φ). */
  loss(phi: Float64Array): number;
  /** The full loss on the test examples; absent without test data. */
  testLoss?(phi: Float64Array): number;
  /**
   * The training loss (or test loss, `test` true) at `count` points packed row-major in `phis`
   * (count × D), for a kernel that is faster over many points at once; optional.
   */
  lossMany?(phis: Float64Array, count: number, test: boolean): Float64Array;
  /**
   * A kernel specialized to one plane: the training (or test) loss at center + α·d1 + β·d2, for a
   * loss that is faster on a fixed plane (a network's first layer is linear in Φ); optional.
   */
  onPlane?(plane: Plane): (alpha: number, beta: number, test: boolean) => number;
  /**
   * A whole grid at once, values[i·G + j] (e.g. over worker threads, each with its own kernel);
   * optional: without it the grid is computed here, level by level.
   */
  evaluateGrid?(job: GridJob, test: boolean): Promise<Float64Array>;
}

/** The grid of a plane: its axes (loss[i][j] at center + alpha[j]·d1 + beta[i]·d2). */
export interface GridJob {
  plane: Plane;
  alpha: readonly number[];
  beta: readonly number[];
}

export type PlaneKind = 'pca' | 'random' | 'points';

/** The plane center + α·d1 + β·d2. */
export interface Plane {
  kind: PlaneKind;
  center: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
}

/** A run's recorded path: its first particle at each recorded step (a diverged one holds NaN). */
export interface RecordedPath {
  name: string;
  t: number[];
  points: Float64Array[];
  /** The first particle's final position (`final.positions[0]`). */
  final: Float64Array;
}

/** One run's path in the plane: where each recorded point projects, how far off it lies, its true loss. */
export interface ProjectedRun {
  name: string;
  t: number[];
  alpha: number[];
  beta: number[];
  offPlane: number[];
  loss: number[];
}

/** `landscape.json` (SPEC §13). Non-finite numbers are written `null` (JSON.stringify does). */
export interface Landscape {
  format: 'sgd-lab/landscape';
  version: 1;
  plane: { kind: PlaneKind; center: number[]; d1: number[]; d2: number[] };
  alpha: number[];
  beta: number[];
  /** loss[i][j] = L(center + alpha[j]·d1 + beta[i]·d2). */
  loss: number[][];
  testLoss: number[][] | null;
  runs: ProjectedRun[];
}

export const LANDSCAPE_FORMAT = 'sgd-lab/landscape';
/** The grid's default and largest number of points per axis. */
export const DEFAULT_GRID = 51;
export const MAX_GRID = 401;
