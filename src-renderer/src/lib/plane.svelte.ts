/**
 * A network's landscape plane in the view (SPEC §13 `landscape`): which plane (PCA of the paths,
 * filter-normalized random directions, or through the start and two runs' ends), asked of the lab
 * coarse first and then finer in the background (plane-requests.ts), and every run's path and
 * particles projected onto it (plane-track.ts), which the 3-D view draws as it draws a
 * 2-parameter formula (`view`). When the runs' heads leave the plane's grid it is recomputed
 * (throttled; a newer request supersedes the one computing). PCA asked before the paths have spread
 * (a network at t = 0) comes back as the random plane (landscape/live-plane.ts): `standIn` says so,
 * and PCA is asked again once the paths have grown. Also the 1-D interpolation between two runs' ends
 * (`interpolate`).
 */
import type { Frame, Surface } from '../../../shared/contract/lab';
import type { LabPlane, LossLine, PlaneRequest } from '../../../shared/contract/network';
import { Projector } from '../../../shared/landscape/project';
import type { LabStore } from './lab.svelte';
import { SurfaceMap } from '../scene/mapping';
import { LINE_POINTS } from './plane-line';
import { fadeReference, nearestPathPoint, outsideGrid, type PlaneReadout } from './plane-math';
import { PLANE_RESOLUTIONS, PlaneRequests } from './plane-requests';
import { PlaneTrack, type PlaneProjection } from './plane-track';
import { Throttle } from './throttle';
import type { PlaneKind } from './plane-kinds';

/** Path points and particles projected per animation frame at most, as D × this many multiply-adds. */
const WORK_PER_FRAME = 4_000_000;
/**
 * The heads left the grid: recompute at most this often (ms), only the coarse grid while the runs
 * play (a fine grid takes the lab's threads from the runs); it is refined once they stand still.
 */
const AUTO_EVERY_MS = 8000;
const AUTO_RESOLUTIONS = [PLANE_RESOLUTIONS[0]];
/** How near (a fraction of the grid's width) the pointer must come to a path point to read it. */
const HOVER_RADIUS = 0.015;

/** What a scene draws in place of the formula's surface and runs. */
export interface PlaneView {
  surface: Surface | null;
  tracks: PlaneTrack[];
}

declare global {
  interface Window {
    /** e2e build only: each run's projected path (α, β pairs) and off-plane distances. */
    __sgdLabPlane?: () => { path: number[]; offPlane: number[] }[];
  }
}

export class PlaneStore {
  kind = $state<PlaneKind>('pca');
  /** The two runs of the "points" plane and of the interpolation line. */
  pair = $state<[number, number]>([0, 1]);
  plane = $state.raw<LabPlane | null>(null);
  line = $state.raw<LossLine | null>(null);
  lineError = $state<string | null>(null);
  /** The grid being computed (null: none on its way), the finest one shown, and the lab's refusal. */
  computing = $state<number | null>(null);
  resolution = $state(0);
  error = $state<string | null>(null);
  /** The plane shown is the random one standing in for PCA until the paths spread. */
  standIn = $state(false);
  readonly tracks: PlaneTrack[] = [];
  readonly requests: PlaneRequests;
  private projection: PlaneProjection | null = null;
  /** The plane's grid, for the loss between its points (plane L). */
  private map: SurfaceMap | null = null;
  /** Outside the effect that noticed the heads had left (it reads what a request changes). */
  private readonly auto = new Throttle(AUTO_EVERY_MS, () =>
    queueMicrotask(() => {
      if (this.mayAuto()) this.recompute(AUTO_RESOLUTIONS);
    }),
  );
  private modelKey = '';
  /** The coarse plane shown has been asked to be refined (once per plane asked). */
  private refining = false;
  /**
   * A new network's first plane waits for every run's first path point (its frame at t = 0): the lab
   * frames the plane through the paths, and asked before them it refuses ("no recorded position").
   */
  private askWhenTracked = false;
  /** The kind of plane last asked for, and the path points there were then. */
  private asked: PlaneKind = 'pca';
  private askedPoints = 0;

  constructor(private readonly store: LabStore) {
    this.requests = new PlaneRequests(store.api, {
      plane: (plane, resolution) => {
        this.resolution = resolution;
        this.error = null;
        this.standIn = this.asked === 'pca' && plane.kind === 'random';
        this.setPlane(plane);
      },
      computing: (resolution) => (this.computing = resolution),
      error: (message) => (this.error = message),
    });
  }

  /** Whether the experiment's loss is a network (then the view shows its plane). */
  get active(): boolean {
    return !!this.store.experiment?.loss.model;
  }

  /** Subscribes to the lab's frames and histories; returns the unsubscribe. */
  start(): () => void {
    const off = this.store.api.onFrame((f) => this.onFrame(f));
    return () => {
      off();
      this.auto.cancel();
      this.requests.cancel();
    };
  }

  /** The experiment changed: a new network starts over with a plane of its own; a formula has none. */
  experimentChanged(): void {
    const loss = this.store.experiment?.loss;
    const key = loss?.model ? JSON.stringify(loss) : '';
    if (key === this.modelKey) return;
    this.modelKey = key;
    for (const track of this.tracks) track.forget();
    this.setPlane(null);
    [this.line, this.resolution, this.error, this.standIn] = [null, 0, null, false];
    if (!key) {
      this.requests.cancel();
      return;
    }
    void this.loadHistory();
    this.askWhenTracked = true;
    this.store.scheduleTick();
  }

  /** Picks another kind of plane and computes it. */
  choose(kind: PlaneKind): void {
    this.kind = kind;
    this.recompute();
  }

  /** Asks the lab for the current kind of plane, coarse then finer (superseding any on its way). */
  recompute(resolutions: readonly number[] = PLANE_RESOLUTIONS): void {
    if (!this.active) return;
    this.auto.cancel();
    this.refining = resolutions[0] !== PLANE_RESOLUTIONS[0];
    [this.asked, this.askedPoints] = [this.kind, this.pathPoints()];
    void this.requests.ask(this.request(), resolutions);
  }

  /** The plane the picker asks for. */
  request(): PlaneRequest {
    if (this.kind === 'points') return { kind: 'points', runs: [...this.pair] };
    if (this.kind === 'random') return { kind: 'random', seed: 1 };
    return { kind: 'pca' };
  }

  /**
   * The surface and the runs for a scene, projected as far as one frame's work allows (the rest at
   * the next frames); asks for a new plane when a head has left the grid (or there was none).
   */
  view(): PlaneView {
    const experiment = this.store.experiment;
    const runs = experiment?.runs.length ?? 0;
    this.tracks.length = Math.min(this.tracks.length, runs);
    if (runs > 0) this.track(runs - 1);
    const D = Math.max(1, this.tracks.find((t) => t.phis.length > 0)?.phis[0]!.length ?? 1);
    let budget = Math.max(1, Math.floor(WORK_PER_FRAME / D));
    for (const track of this.tracks) budget = track.sync(this.projection, budget);
    if (this.tracks.some((t) => t.backlog > 0)) this.store.scheduleTick();
    if (this.askWhenTracked && runs > 0 && this.tracks.every((t) => t.phis.length > 0)) {
      this.askWhenTracked = false;
      queueMicrotask(() => this.recompute());
    }
    const surface = this.plane?.surface ?? null;
    // A head left the grid, or no plane yet (the paths were one point each when it was asked) and they have grown.
    const left = (t: PlaneTrack) =>
      surface ? !!t.head && outsideGrid(t.head.alpha, t.head.beta, surface) : t.phis.length > 1;
    // The random plane stands in for PCA: ask for PCA again once the paths have grown.
    if (this.mayAuto() && (this.grown() || this.tracks.some(left))) this.auto.request();
    const finest = PLANE_RESOLUTIONS.at(-1)!;
    if (
      !this.store.state?.playing &&
      this.plane &&
      this.computing === null &&
      this.resolution < finest &&
      !this.refining
    ) {
      this.refining = true;
      queueMicrotask(() => this.recompute(PLANE_RESOLUTIONS.filter((r) => r > this.resolution)));
    }
    return { surface, tracks: this.tracks };
  }

  /**
   * What hovering (α, β) of the plane reads: the nearest path point of `runs` (null: every run) within
   * reach, with its distance off the plane and its true loss; else the plane's own point there.
   */
  readoutAt(alpha: number, beta: number, runs: number[] | null): (PlaneReadout & { run?: number }) | null {
    const map = this.map;
    if (!map || !this.plane) return null;
    let best: { run: number; index: number; distance: number } | null = null;
    for (const run of runs ?? this.tracks.map((_, i) => i)) {
      const path = this.tracks[run]?.path ?? [];
      const index = nearestPathPoint(path, alpha, beta, this.plane.surface, HOVER_RADIUS);
      if (index < 0) continue;
      const distance = Math.hypot(path[2 * index]! - alpha, path[2 * index + 1]! - beta);
      if (!best || distance < best.distance) best = { run, index, distance };
    }
    if (!best) return { alpha, beta, offPlane: 0, planeLoss: map.lossAt(alpha, beta) };
    const track = this.tracks[best.run]!;
    const [a, b] = [track.path[2 * best.index]!, track.path[2 * best.index + 1]!];
    return {
      run: best.run,
      alpha: a,
      beta: b,
      offPlane: track.offPlane[best.index]!,
      trueLoss: track.trueLoss[best.index]!,
      planeLoss: map.lossAt(a, b),
    };
  }

  /** The loss along the straight line between the pair's ends (with the test loss when there is one). */
  async interpolate(): Promise<void> {
    if (!this.store.api.interpolate) return;
    const [a, b] = this.pair;
    try {
      const reply = await this.store.api.interpolate([a, b], LINE_POINTS);
      if (reply.ok && reply.line) [this.line, this.lineError] = [reply.line, null];
      else if (!reply.ok) this.lineError = reply.error;
    } catch (error) {
      this.lineError = error instanceof Error ? error.message : String(error);
    }
  }

  /** In the e2e build only: lets the tests find a path point on the plane. */
  expose(): void {
    if (__SGD_LAB_E2E__)
      window.__sgdLabPlane = () => this.tracks.map((t) => ({ path: [...t.path], offPlane: [...t.offPlane] }));
  }

  private setPlane(plane: LabPlane | null): void {
    this.plane = plane;
    this.map = plane ? new SurfaceMap(plane.surface, false) : null;
    this.projection = plane
      ? {
          projector: new Projector({
            kind: plane.kind,
            center: Float64Array.from(plane.center),
            d1: Float64Array.from(plane.d1),
            d2: Float64Array.from(plane.d2),
          }),
          fadeRef: fadeReference(plane),
        }
      : null;
    this.store.scheduleTick();
  }

  private onFrame(frame: Frame): void {
    if (this.active && frame.model) this.track(frame.run).addFrame(frame);
  }

  /**
   * Whether a recompute may be asked on its own: nothing on its way, or only a refinement while the runs
   * play (a fine grid is refined once they stand still), or the random plane stands in and the paths grew.
   */
  private mayAuto(): boolean {
    const refining = !!this.store.state?.playing && (this.computing ?? 0) > PLANE_RESOLUTIONS[0];
    return this.computing === null || refining || this.grown();
  }

  /** The random plane stands in for PCA and the paths have grown since it was asked. */
  private grown(): boolean {
    return this.standIn && this.pathPoints() > this.askedPoints;
  }

  /** Path points of every run so far. */
  private pathPoints(): number {
    return this.tracks.reduce((n, t) => n + t.phis.length, 0);
  }

  /** Run `run`'s track, made (with any before it) when missing. */
  private track(run: number): PlaneTrack {
    while (this.tracks.length <= run) this.tracks.push(new PlaneTrack());
    return this.tracks[run]!;
  }

  /** The paths so far (a view that joined mid-run), before the frames that came since. */
  private async loadHistory(): Promise<void> {
    if (!this.store.api.history) return;
    try {
      const reply = await this.store.api.history();
      if (reply.ok) reply.history?.forEach((h, i) => this.track(i).mergeHistoryPath(h));
      this.store.scheduleTick();
    } catch {
      // A view without history starts from the frames.
    }
  }
}
