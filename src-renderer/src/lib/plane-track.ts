/**
 * One network run as the landscape plane shows it (SPEC §13): its first particle's path in Φ (D
 * numbers a point, with the full training loss there: the frame's `model.firstLoss`, the "true L")
 * and, projected onto the current plane by least squares, the same path over (α, β) with each
 * point's distance off the plane and how pale it is drawn; and the latest frame's particles
 * projected likewise. To the scene it is a 2-parameter run (a `RunTrack` with dims 2).
 *
 * Projection costs O(D) a point, so it is done in slices (`sync`'s budget of points): a new plane
 * over a long path is projected over a few animation frames, never in one long task.
 */
import type { Frame, RunHistory } from '../../../shared/contract/lab';
import type { Projector } from '../../../shared/landscape/project';
import { fadeOf } from './plane-math';
import { RunTrack } from './tracks';

/** At most this many path points are kept (then every other one goes, as RunTrack does). */
export const MAX_PLANE_PATH = 8000;

/** The plane the points are projected onto, with the fade's reference distance (plane-math.ts). */
export interface PlaneProjection {
  projector: Projector;
  fadeRef: number;
}

/** One network run's track on the plane (see above). */
export class PlaneTrack extends RunTrack {
  /** The path in Φ: one copy of the first particle per point, its step and its true loss. */
  readonly phis: Float32Array[] = [];
  readonly pathT: number[] = [];
  readonly trueLoss: number[] = [];
  /** Per projected path point (as many as `path` holds / 2): distance off the plane, and fade in [0, MAX_FADE]. */
  offPlane: number[] = [];
  fade: number[] = [];
  /** The latest frame in Φ (its particles projected into `last` by `sync`). */
  private raw: Frame | null = null;
  private rawProjected = false;
  private projection: PlaneProjection | null = null;

  constructor() {
    super();
    this.dims = 2;
  }

  /** Path points not yet projected onto the current plane. */
  get backlog(): number {
    return this.phis.length - this.offPlane.length;
  }

  /** A frame of the run (Φ with dims = D); a frame at t = 0 or back in time starts the path again. */
  addFrame(frame: Frame): void {
    const lastT = this.pathT.at(-1);
    if (frame.t === 0 || (lastT !== undefined && frame.t < lastT)) this.forget();
    this.raw = frame;
    this.rawProjected = false;
    const D = frame.dims;
    if (D < 1 || frame.positions.length < D) return;
    const first = frame.positions.subarray(0, D);
    const prev = this.phis.at(-1);
    if (prev && prev.length === D && prev.every((v, k) => v === first[k])) return;
    if (!Number.isFinite(first[0])) return;
    this.addPoint(Float32Array.from(first), frame.t, frame.model?.firstLoss ?? NaN);
  }

  /**
   * A history from the lab (a view that joined mid-run): its points before the frames' first step.
   * Its path has a point per step only when the lengths agree; only then are the true losses known.
   */
  mergeHistoryPath(history: RunHistory): void {
    const D = history.dims;
    const count = D > 0 ? Math.floor(history.path.length / D) : 0;
    if (count === 0) return;
    const aligned = count === history.t.length;
    const firstT = this.pathT[0] ?? Infinity;
    const points: [Float32Array, number, number][] = [];
    for (let i = 0; i < count; i++) {
      const t = aligned ? history.t[i]! : -1;
      if (aligned ? t >= firstT : this.phis.length > 0) continue;
      const loss = aligned ? (history.model?.firstLoss[i] ?? NaN) : NaN;
      points.push([Float32Array.from(history.path.slice(i * D, (i + 1) * D)), t, loss]);
    }
    if (points.length === 0) return;
    this.phis.unshift(...points.map((p) => p[0]));
    this.pathT.unshift(...points.map((p) => p[1]));
    this.trueLoss.unshift(...points.map((p) => p[2]));
    this.reproject();
    while (this.phis.length > MAX_PLANE_PATH) this.thin();
  }

  /** Forgets the path and the latest frame (a reset, a new experiment). */
  forget(): void {
    this.phis.length = this.pathT.length = this.trueLoss.length = 0;
    this.raw = null;
    this.reproject();
  }

  /** Projects onto `projection` (null: no plane yet) at most `budget` points; returns the budget left. */
  sync(projection: PlaneProjection | null, budget: number): number {
    if (projection !== this.projection) {
      this.projection = projection;
      this.reproject();
    }
    if (!projection) return budget;
    const { projector, fadeRef } = projection;
    while (this.offPlane.length < this.phis.length && budget > 0) {
      const p = projector.project(this.phis[this.offPlane.length]!);
      this.path.push(p.alpha, p.beta);
      this.offPlane.push(p.offPlane);
      this.fade.push(fadeOf(p.offPlane, fadeRef));
      budget--;
    }
    const frame = this.raw;
    if (frame && !this.rawProjected && this.backlog === 0 && budget > 0) {
      const D = frame.dims;
      const count = Math.min(Math.max(1, budget), Math.floor(frame.positions.length / D));
      const out = new Float32Array(2 * count);
      for (let i = 0; i < count; i++) {
        const p = projector.project(frame.positions.subarray(i * D, (i + 1) * D));
        out[2 * i] = p.alpha;
        out[2 * i + 1] = p.beta;
      }
      const { state: _state, gradient: _gradient, ...rest } = frame;
      this.last = { ...rest, positions: out, dims: 2 };
      this.rawProjected = true;
      budget -= count;
    }
    return budget;
  }

  /** Where the head (the first particle) is on the plane: null before it is projected. */
  get head(): { alpha: number; beta: number } | null {
    const p = this.last?.positions;
    return p && p.length >= 2 ? { alpha: p[0]!, beta: p[1]! } : null;
  }

  private addPoint(phi: Float32Array, t: number, loss: number): void {
    this.phis.push(phi);
    this.pathT.push(t);
    this.trueLoss.push(loss);
    if (this.phis.length > MAX_PLANE_PATH) this.thin();
  }

  /** Every projection is stale: the path is projected again from its first point (drawn whole). */
  private reproject(): void {
    this.path = [];
    this.offPlane = [];
    this.fade = [];
    this.last = null;
    this.rawProjected = false;
    this.generation++;
  }

  private thin(): void {
    const keep = <T>(a: T[]) => a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
    const [phis, t, loss] = [keep(this.phis), keep(this.pathT), keep(this.trueLoss)];
    this.phis.length = this.pathT.length = this.trueLoss.length = 0;
    this.phis.push(...phis);
    this.pathT.push(...t);
    this.trueLoss.push(...loss);
    const raw = this.raw;
    this.reproject();
    this.raw = raw;
  }
}
