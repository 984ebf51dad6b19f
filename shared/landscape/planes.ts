/**
 * The three planes of `sgd-lab landscape` (SPEC §13; Li et al. 2018) and the ranges of α and β each
 * one spans. Every plane is center + α·d1 + β·d2 in Φ's coordinates. Pure code.
 */
import { Rng } from '../data/prng';
import { principalDirections } from './pca';
import { Projector } from './project';
import type { LayerShape, Plane, RecordedPath } from './types';
import { allFinite, dot, norm } from './vectors';

/** A plane with the ranges of its grid: α ∈ alphaRange, β ∈ betaRange. */
export interface FramedPlane {
  plane: Plane;
  alphaRange: [number, number];
  betaRange: [number, number];
}

/** The smallest interval holding `values`, widened by 10 % of its width on each side (±1 when it has none). */
export function withMargin(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const margin = hi > lo ? 0.1 * (hi - lo) : 1;
  return [lo - margin, hi + margin];
}

/** Each run's recorded points whose every coordinate is finite (a diverged particle's are not). */
const finitePoints = (paths: readonly RecordedPath[]): Float64Array[] =>
  paths.flatMap((p) => p.points.filter(allFinite));

/** α and β of `points` in the plane, framed with a 10 % margin. */
function framed(plane: Plane, points: readonly Float64Array[]): FramedPlane {
  const projector = new Projector(plane);
  const projections = points.map((p) => projector.project(p));
  return {
    plane,
    alphaRange: withMargin(projections.map((p) => p.alpha)),
    betaRange: withMargin(projections.map((p) => p.beta)),
  };
}

function lastFinite(path: RecordedPath | undefined, what: string): Float64Array {
  const points = path?.points ?? [];
  let k = points.length - 1;
  while (k >= 0 && !allFinite(points[k]!)) k--;
  const last = points[k];
  if (!last) throw new PlaneError(`${what} has no recorded position with finite coordinates`);
  return last;
}

/** A plane that cannot be made from the recording, said in the user's terms. */
export class PlaneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaneError';
  }
}

/**
 * `pca`: center = run 0's last recorded (finite) first-particle position; d1, d2 = the top two
 * principal directions of every run's recorded first-particle positions minus the center (PCA
 * subtracts the rows' mean); α, β span every recorded point's projection with a 10 % margin.
 */
export function pcaPlane(paths: readonly RecordedPath[], D: number): FramedPlane {
  const center = lastFinite(paths[0], 'runs[0]');
  const points = finitePoints(paths);
  // PCA subtracts the rows' mean, so the rows Φ − center and the points Φ give the same directions:
  // no copy of the points is made.
  const [d1, d2] = principalDirections(points, D, 2).directions as [Float64Array, Float64Array];
  return framed({ kind: 'pca', center: Float64Array.from(center), d1, d2 }, points);
}

/** Where each layer's W and b start in Φ (SPEC §13: W fanIn × fanOut row-major, then b). */
function layerOffsets(layers: readonly LayerShape[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const { fanIn, fanOut } of layers) {
    offsets.push(at);
    at += (fanIn + 1) * fanOut;
  }
  return offsets;
}

/**
 * Filter normalization (Li et al. 2018, §4): for every unit k of every layer, the direction's incoming
 * weights (column k of W: W[j][k] at offset j·fanOut + k) are rescaled to the norm of the center's
 * incoming weights of that unit, d_·k ← d_·k · ‖θ_·k‖/‖d_·k‖, and the bias entries are set to 0. Without
 * layers (a formula), Φ is one unit: d ← d·‖θ‖/‖d‖. In place.
 */
export function filterNormalize(direction: Float64Array, center: Float64Array, layers?: readonly LayerShape[]): void {
  if (!layers) {
    const s = norm(center) / norm(direction);
    for (let d = 0; d < direction.length; d++) direction[d] = direction[d]! * s;
    return;
  }
  const offsets = layerOffsets(layers);
  layers.forEach(({ fanIn, fanOut }, l) => {
    const base = offsets[l]!;
    for (let k = 0; k < fanOut; k++) {
      let dd = 0;
      let cc = 0;
      for (let j = 0; j < fanIn; j++) {
        const i = base + j * fanOut + k;
        dd += direction[i]! ** 2;
        cc += center[i]! ** 2;
      }
      const s = dd > 0 ? Math.sqrt(cc / dd) : 0;
      for (let j = 0; j < fanIn; j++) direction[base + j * fanOut + k]! *= s;
    }
    direction.fill(0, base + fanIn * fanOut, base + (fanIn + 1) * fanOut);
  });
}

/**
 * `random`: center as for `pca`; d1 and d2 Gaussian (N(0, 1) per coordinate from `seed`, d1 drawn
 * first), each filter-normalized; α, β ∈ [−span, span].
 */
export function randomPlane(
  paths: readonly RecordedPath[],
  D: number,
  opts: { seed: number; span: number; layers?: readonly LayerShape[] },
): FramedPlane {
  if (opts.layers && opts.layers.reduce((s, l) => s + (l.fanIn + 1) * l.fanOut, 0) !== D)
    throw new RangeError(`the layers' weights do not add up to D = ${D}`);
  const center = Float64Array.from(lastFinite(paths[0], 'runs[0]'));
  if (norm(center) === 0)
    throw new PlaneError('the center is 0: filter-normalized directions would be 0 (use --plane pca or points)');
  const rng = new Rng(opts.seed);
  const draw = () => {
    const d = Float64Array.from({ length: D }, () => rng.normal());
    filterNormalize(d, center, opts.layers);
    return d;
  };
  const d1 = draw();
  const d2 = draw();
  return {
    plane: { kind: 'random', center, d1, d2 },
    alphaRange: [-opts.span, opts.span],
    betaRange: [-opts.span, opts.span],
  };
}

/**
 * `points`: the plane through run 0's start, run 0's final and run 1's final (first particles):
 * center = run 0's start, d1 = run 0's final − center, d2 = the part of run 1's final − center
 * orthogonal to d1, scaled to ‖d1‖; α, β span the three points with a 10 % margin.
 */
export function pointsPlane(paths: readonly RecordedPath[]): FramedPlane {
  if (paths.length < 2) throw new PlaneError('--plane points needs two runs (run 0 and run 1); the recording has one');
  const start = paths[0]!.points[0];
  const [a, b] = [paths[0]!.final, paths[1]!.final];
  const named: [string, Float64Array | undefined][] = [
    ["run 0's start", start],
    ["run 0's final position", a],
    ["run 1's final position", b],
  ];
  for (const [what, p] of named) if (!p || !allFinite(p)) throw new PlaneError(`${what} is not finite`);
  const center = Float64Array.from(start!);
  const d1 = a.map((x, d) => x - center[d]!);
  const u = b.map((x, d) => x - center[d]!);
  const n1 = norm(d1);
  if (n1 === 0) throw new PlaneError("run 0's final position is its start: the three points make no plane");
  const c = dot(u, d1) / (n1 * n1);
  const d2 = u.map((x, d) => x - c * d1[d]!);
  const n2 = norm(d2);
  if (!(n2 > 1e-12 * n1))
    throw new PlaneError("run 1's final position lies on the line through run 0's start and final: no plane");
  for (let d = 0; d < d2.length; d++) d2[d] = (d2[d]! * n1) / n2;
  return framed({ kind: 'points', center, d1, d2 }, [center, a, b]);
}
