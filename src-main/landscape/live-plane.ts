/**
 * The live lab's landscape plane (SPEC §13) from the runs' first-particle paths so far, as
 * `sgd-lab landscape` frames it (shared/landscape/planes.ts): `pca` of the paths (with the share of
 * their variance along d1 and d2), filter-normalized `random` directions from a seed, or `points`, the
 * plane through run a's start and the ends of runs a and b. With `span`, α, β ∈ [−span, span] around
 * the plane's center. Until the paths have spread over a plane (at t = 0 every run is at its start, and
 * PCA of paths that have not moved has no directions: it would read "(0%, 0%)"), `pca` gives the
 * `random` plane instead (the picker's random plane, seed `RANDOM_SEED`), kind `random`: the page
 * says so and asks for the PCA again once the paths have grown. Pure code, run on a landscape thread
 * (grid-thread.ts), off the host's main thread.
 */
import type { PlaneRequest } from '../../shared/contract/network';
import { pcaPlane, PlaneError, pointsPlane, randomPlane, type FramedPlane } from '../../shared/landscape/planes';
import type { LayerShape, Plane, RecordedPath } from '../../shared/landscape/types';
import { allFinite, dot } from '../../shared/landscape/vectors';

/** What a plane is framed from: the runs' first-particle paths, Φ's size and layers, and the request. */
export interface LivePlaneInput {
  paths: RecordedPath[];
  D: number;
  layers: LayerShape[];
  request: PlaneRequest;
}

/** A framed plane, with PCA's explained variance. */
export interface LiveFramedPlane extends FramedPlane {
  /** PCA: the share of the paths' variance along d1 and d2. */
  explained?: [number, number];
}

/** The seed of the random plane that stands in for PCA before the paths spread (the page's random plane). */
export const RANDOM_SEED = 1;
/**
 * The paths have spread when their RMS distance from their mean along PCA's second direction is more
 * than this times the center's RMS weight (the mean of identical points leaves rounding noise ~1e-16).
 */
const SPREAD = 1e-10;

/** The plane `request` asks for through these paths, with the ranges of its grid. */
export function frameLivePlane({ paths, D, layers, request }: LivePlaneInput): LiveFramedPlane {
  let framed: LiveFramedPlane;
  switch (request.kind) {
    case 'pca': {
      framed = pcaPlane(paths, D);
      const { explained, rms2 } = explainedVariance(paths, framed.plane);
      framed.explained = explained;
      const rmsWeight = Math.sqrt(dot(framed.plane.center, framed.plane.center) / D);
      if (!(rms2 > SPREAD * rmsWeight))
        framed = randomPlane(paths, D, { seed: RANDOM_SEED, span: request.span ?? 1, layers });
      break;
    }
    case 'random':
      framed = randomPlane(paths, D, { seed: request.seed ?? 0, span: request.span ?? 1, layers });
      break;
    case 'points': {
      const [a, b] = request.runs.map((r) => {
        const path = paths[r];
        if (!path || path.points.length === 0) throw new PlaneError(`plane.runs: there is no run ${r} with a path`);
        return path;
      }) as [RecordedPath, RecordedPath];
      framed = pointsPlane([a, b]);
      break;
    }
  }
  if (request.span !== undefined) {
    framed.alphaRange = [-request.span, request.span];
    framed.betaRange = [-request.span, request.span];
  }
  return framed;
}

/**
 * Σ((x − x̄)·d)² / Σ‖x − x̄‖² over the paths' finite points, for d = d1 and d2 (unit vectors), and the
 * RMS of (x − x̄)·d2.
 */
function explainedVariance(
  paths: readonly RecordedPath[],
  plane: Plane,
): { explained: [number, number]; rms2: number } {
  const points = paths.flatMap((p) => p.points.filter(allFinite));
  const D = plane.center.length;
  const mean = new Float64Array(D);
  for (const p of points) for (let d = 0; d < D; d++) mean[d]! += p[d]! / points.length;
  let total = 0;
  let along1 = 0;
  let along2 = 0;
  const r = new Float64Array(D);
  for (const p of points) {
    for (let d = 0; d < D; d++) r[d] = p[d]! - mean[d]!;
    total += dot(r, r);
    along1 += dot(r, plane.d1) ** 2;
    along2 += dot(r, plane.d2) ** 2;
  }
  return {
    explained: total > 0 ? [along1 / total, along2 / total] : [0, 0],
    rms2: points.length > 0 ? Math.sqrt(along2 / points.length) : 0,
  };
}
