/**
 * `landscape.json` (SPEC §13) from a recording's paths and the experiment's full loss: the plane, its
 * grid of training (and test) losses, and each run's recorded first-particle path projected onto it
 * with its distance off the plane and its true loss. Pure code; the command line reads the recording
 * and builds the loss (src-main/cli/landscape.ts).
 */
import { evaluateGrid, linspace } from './grid';
import { pcaPlane, pointsPlane, randomPlane, type FramedPlane } from './planes';
import { Projector } from './project';
import {
  DEFAULT_GRID,
  LANDSCAPE_FORMAT,
  type FullLoss,
  type Landscape,
  type PlaneKind,
  type ProjectedRun,
  type RecordedPath,
} from './types';
import { allFinite } from './vectors';

export interface LandscapeOptions {
  plane?: PlaneKind;
  /** Points per axis (default 51). */
  grid?: number;
  /** `random`: α, β ∈ [−span, span] (default 1). */
  span?: number;
  /** `random`: the directions' seed (default 0). */
  seed?: number;
}

/** The plane of `kind` for these paths. */
export function framePlane(paths: readonly RecordedPath[], loss: FullLoss, opts: LandscapeOptions): FramedPlane {
  switch (opts.plane ?? 'pca') {
    case 'pca':
      return pcaPlane(paths, loss.D);
    case 'random':
      return randomPlane(paths, loss.D, {
        seed: opts.seed ?? 0,
        span: opts.span ?? 1,
        ...(loss.layers ? { layers: loss.layers } : {}),
      });
    case 'points':
      return pointsPlane(paths);
  }
}

/** Each run's recorded points projected (NaN where a point is not finite), with their true loss. */
export function projectRuns(paths: readonly RecordedPath[], projector: Projector, loss: FullLoss): ProjectedRun[] {
  return paths.map((path) => {
    const run: ProjectedRun = { name: path.name, t: [...path.t], alpha: [], beta: [], offPlane: [], loss: [] };
    for (const point of path.points) {
      const p = allFinite(point) ? projector.project(point) : { alpha: NaN, beta: NaN, offPlane: NaN };
      run.alpha.push(p.alpha);
      run.beta.push(p.beta);
      run.offPlane.push(p.offPlane);
      run.loss.push(allFinite(point) ? loss.loss(point) : NaN);
    }
    return run;
  });
}

/** Rows of G values from a flat grid. */
const rows = (values: Float64Array, G: number): number[][] =>
  Array.from({ length: G }, (_, i) => Array.from(values.subarray(i * G, (i + 1) * G)));

/**
 * The landscape of these paths under `loss`: the grid by the loss's own `evaluateGrid` when it has one
 * (worker threads), else here, coarse to fine.
 */
export async function computeLandscape(
  paths: readonly RecordedPath[],
  loss: FullLoss,
  opts: LandscapeOptions = {},
): Promise<Landscape> {
  const G = opts.grid ?? DEFAULT_GRID;
  const { plane, alphaRange, betaRange } = framePlane(paths, loss, opts);
  const job = { plane, alpha: linspace(...alphaRange, G), beta: linspace(...betaRange, G) };
  const projector = new Projector(plane);
  const grid = (test: boolean) =>
    loss.evaluateGrid ? loss.evaluateGrid(job, test) : Promise.resolve(evaluateGrid(job, loss, test));
  const values = await grid(false);
  const testValues = loss.testLoss ? await grid(true) : null;
  return {
    format: LANDSCAPE_FORMAT,
    version: 1,
    plane: { kind: plane.kind, center: Array.from(plane.center), d1: Array.from(plane.d1), d2: Array.from(plane.d2) },
    alpha: job.alpha,
    beta: job.beta,
    loss: rows(values, G),
    testLoss: testValues ? rows(testValues, G) : null,
    runs: projectRuns(paths, projector, loss),
  };
}
