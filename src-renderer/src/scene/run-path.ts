/**
 * A run's path (its first particle's): a thick line growing live over a dark outline, so it reads on
 * any part of the surface; its last `trail` points, or none. Software rasterizers pay for every
 * segment it draws (segment-lines.ts: one batch per path, far cheaper than instances), so a whole path ("all") is not drawn
 * with the runs each frame: its segments go into the cached picture of the surface (static-cache.ts),
 * drawn once in full when that picture is redrawn (`cachedGroup`); new segments (`freshGroup`) are
 * drawn with the runs until they are put into the picture in a batch. A short trail, whose first
 * point moves every frame, is drawn with the runs (`liveGroup`).
 */
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import { PATH_CAPACITY, SegmentLines } from './segment-lines';

export { PATH_CAPACITY };

/**
 * A track whose path points fade (a network's path on its landscape plane, lib/plane-track.ts): per
 * point, how far toward the background its line is drawn, 0 (the run's color) to 1.
 */
export interface FadedTrack {
  fade?: readonly number[];
}
export const LIFT = 0.015;
/** Longest step (scene units, the domain being 2 wide) a 1-D path draws as a segment. */
const CHORD = 0.08;
/** How much of the path's end (scene units: ~15 px of a 2-wide domain) and at most how many segments
 * the line is drawn again over when new segments' outlines are drawn into the cached picture. */
const REDRAW_LENGTH = 0.06;
const REDRAW_SEGMENTS = 512;
/** Shortest segment drawn (scene units, ~2 px of a 2-wide domain at 1,000 px): nearer points are passed over. */
const MIN_STEP = 0.004;

/** Where a point of a run (D numbers at `src[at]`) is in the scene, written to out[o..o+2]. */
export function toScene(
  map: SurfaceMap,
  src: ArrayLike<number>,
  at: number,
  dims: number,
  out: Float32Array,
  o: number,
): void {
  const x = src[at]!;
  const y = dims > 1 ? src[at + 1]! : 0;
  out[o] = map.world(x, 0);
  out[o + 1] = dims > 1 ? map.world(y, 1) : 0;
  out[o + 2] = map.heightAt(x, y) * map.height + LIFT;
}

export class RunPath {
  /** Drawn with the runs every frame (a short trail). */
  readonly liveGroup = new THREE.Group();
  /** Drawn into the cached picture when it is redrawn (the whole path). */
  readonly cachedGroup = new THREE.Group();
  /** The segments not yet in the cached picture: drawn with the runs, then into the picture. */
  readonly freshGroup = new THREE.Group();
  private readonly materials: LineMaterial[];
  private readonly path: SegmentLines;
  /** New segments for the outline, and for the line (which also covers the last old segment's end). */
  private readonly freshOutline: SegmentLines;
  private readonly freshLine: SegmentLines;
  private freshCount = 0;
  private trail = Infinity;
  private written = 0;
  /** Segments in the buffer (fewer than points: see MIN_STEP), and its last point (scene, index). */
  private segments = 0;
  private readonly end = new Float32Array(3);
  private endPoint = 0; // (points nearer than MIN_STEP to `end` are passed over; a path's last is drawn)
  private firstShown = 0;
  /** The run's color, and the background a faded path's points are drawn toward. */
  private readonly color = new THREE.Color();
  private readonly fadeTo = new THREE.Color(0x000000);
  private readonly scratch = new THREE.Color();
  /** Whether the line takes its colors per point (a faded path) rather than the run's color. */
  private faded = false;
  /** Segments of this path the cached picture holds (as far as this path knows). */
  private cacheHolds = 0;
  /** The cached picture must be redrawn: what it holds of this path is no longer the path. */
  private rebuild = false;
  /** Where (scene units) this path's segments lie, and where the redraw the cached picture needs changes it. */
  private readonly heldBox = new THREE.Box3();
  private readonly rebuildBox = new THREE.Box3();

  constructor(color: string) {
    const outline = new LineMaterial({
      color: 0x000000,
      linewidth: 5,
      transparent: true,
      opacity: 0.55,
      depthWrite: false,
    });
    // Both transparent, so both sort by renderOrder in the same list: the outline first, the line over it.
    const line = new LineMaterial({ color, linewidth: 2.5, transparent: true, depthWrite: false });
    this.color.set(color);
    this.materials = [outline, line];
    this.path = new SegmentLines(this.materials);
    this.freshOutline = new SegmentLines([outline]);
    this.freshLine = new SegmentLines([line]);
    this.freshLine.lines[0]!.renderOrder = 2;
    this.freshGroup.add(...this.freshOutline.lines, ...this.freshLine.lines);
    this.place();
  }

  /** Whether the path is drawn into the cached picture (a whole trail), not with the runs each frame. */
  get cached(): boolean {
    return this.trail === Infinity;
  }

  /** Puts the path's lines where they are drawn: into the cached picture, with the runs, or nowhere. */
  private place(): void {
    for (const l of this.path.lines) {
      l.removeFromParent();
      if (this.trail > 0) (this.cached ? this.cachedGroup : this.liveGroup).add(l);
    }
  }

  setColor(color: string): void {
    if (this.color.getHexString() === new THREE.Color(color).getHexString()) return;
    this.color.set(color);
    if (!this.faded) this.materials[1]!.color.set(color);
    this.redraw();
  }

  /** The background a faded path's far points are drawn toward (the theme's). */
  setFadeTo(background: string): void {
    if (this.fadeTo.getHexString() === new THREE.Color(background).getHexString()) return;
    this.fadeTo.set(background);
    if (this.faded) this.redraw();
  }

  /** Colors per point (white material × the vertex colors) for a faded path, else the run's color. */
  private setFaded(faded: boolean): void {
    if (faded === this.faded) return;
    this.faded = faded;
    const line = this.materials[1]!;
    line.vertexColors = faded;
    line.color.set(faded ? 0xffffff : this.color);
    line.needsUpdate = true;
    this.redraw();
  }

  /** The color of a path point that is `fade` of the way to the background, into out[o..o+2]. */
  private fadedColor(fade: number, out: Float32Array, o: number): void {
    const c = this.scratch.copy(this.color).lerp(this.fadeTo, Math.min(1, Math.max(0, fade)));
    out[o] = c.r;
    out[o + 1] = c.g;
    out[o + 2] = c.b;
  }

  /** Draws the path's last `points` points (0: none, Infinity: all, into the cached picture). */
  setTrail(points: number): void {
    if (points === this.trail) return;
    this.trail = points;
    this.place();
    this.written = 0;
    if (!this.cached && this.cacheHolds > 0) this.needRebuild();
    if (!this.cached) this.cacheHolds = 0;
  }

  /** The whole path changed: drawn again from its first point (and the cached picture with it). */
  redraw(): void {
    this.written = 0;
  }

  /**
   * Brings the path up to date with the track (the caller calls `redraw` on a new surface or track);
   * `damage` grows by where it changed on screen when drawn with the runs (where it was and is, when
   * drawn again whole; a cached path's redraw is told by `takeRebuild`). Returns whether it was drawn
   * again whole.
   */
  update(track: RunTrack & FadedTrack, map: SurfaceMap, damage: THREE.Box3): boolean {
    const fade = track.fade;
    this.setFaded(fade !== undefined);
    const d = track.dims;
    const total = track.path.length / d;
    const first = Math.max(0, total - Math.min(this.trail, PATH_CAPACITY));
    if (first !== this.firstShown) {
      // The window moved along the path: draw it again from its new first point.
      this.firstShown = first;
      this.redraw();
    }
    const whole = this.written === 0;
    // Drawn again whole: where it was is redrawn too (with where it is now, below).
    const before = whole ? this.heldBox.clone() : null;
    if (whole) [this.segments, this.endPoint] = [0, first];
    if (whole) this.heldBox.makeEmpty();
    // A path drawn with the runs changes on screen where it was too (a cached one: `takeRebuild`).
    if (before && !this.cached) damage.union(before);
    if (whole && total > first) toScene(map, track.path, first * d, d, this.end, 0);
    const from = this.segments;
    let s = from;
    const [buf, p] = [this.path.buffer, new Float32Array(3)];
    for (let i = Math.max(1, this.written); i < total - first && s < PATH_CAPACITY; i++) {
      toScene(map, track.path, (first + i) * d, d, p, 0);
      const near = Math.hypot(p[0]! - this.end[0]!, p[1]! - this.end[1]!, p[2]! - this.end[2]!) < MIN_STEP;
      if (near && i < total - first - 1) continue;
      buf.set(this.end, 6 * s);
      this.end.set(p);
      // On a curve (one parameter) a hop across a barrier is a gap, not a chord through the wells.
      if (d === 1 && Math.abs(p[0]! - buf[6 * s]!) > CHORD) p.set(buf.subarray(6 * s, 6 * s + 3));
      buf.set(p, 6 * s + 3);
      for (const [k, o] of fade ? [[this.endPoint, 0] as const, [first + i, 3] as const] : [])
        this.fadedColor(fade![k] ?? 0, this.path.colors, 6 * s + o);
      const [a, b] = [new THREE.Vector3().fromArray(buf, 6 * s), new THREE.Vector3().fromArray(p)];
      damage.expandByPoint(a).expandByPoint(b);
      this.heldBox.expandByPoint(a).expandByPoint(b);
      this.endPoint = first + i;
      s++;
    }
    const segments = (this.segments = s);
    if (segments !== this.path.count || from < segments) this.path.upload(from, segments, this.faded);
    if (this.cached && whole) {
      // Drawn whole into the cached picture, which is redrawn for it (if it held or will hold any).
      if (segments > 0 || this.cacheHolds > 0) {
        this.rebuildBox.union(before!);
        this.needRebuild();
      }
      this.cacheHolds = segments;
    } else if (this.cached && from < segments) {
      this.addFresh(from, segments);
      this.cacheHolds = segments;
    }
    this.written = total - first;
    return whole;
  }

  /** Queues segments [from, to) of the path for the cached picture (the line from the one before). */
  private addFresh(from: number, to: number): void {
    const n = to - from;
    if (this.freshCount + n + REDRAW_SEGMENTS > PATH_CAPACITY) {
      this.needRebuild();
      return;
    }
    const src = this.path.buffer;
    const at = this.freshCount;
    this.freshOutline.buffer.set(src.subarray(6 * from, 6 * to), 6 * at);
    this.freshOutline.upload(at, at + n);
    // The new outline (5 px wide, round ends) darkens the end of the line drawn before it, over a few
    // pixels, which may be many short segments: the line goes again over the last stretch of them.
    const lineFrom = at === 0 ? this.lineBack(from) : from;
    const lineAt = at === 0 ? 0 : this.freshLine.count;
    this.freshLine.buffer.set(src.subarray(6 * lineFrom, 6 * to), 6 * lineAt);
    if (this.faded) this.freshLine.colors.set(this.path.colors.subarray(6 * lineFrom, 6 * to), 6 * lineAt);
    this.freshLine.upload(lineAt, lineAt + (to - lineFrom), this.faded);
    this.freshCount += n;
  }

  /** The first of the segments before `from` that make up the last REDRAW_LENGTH of the path. */
  private lineBack(from: number): number {
    const b = this.path.buffer;
    let length = 0;
    let s = from;
    while (s > 0 && from - s < REDRAW_SEGMENTS && length < REDRAW_LENGTH) {
      s--;
      length += Math.hypot(b[6 * s + 3]! - b[6 * s]!, b[6 * s + 4]! - b[6 * s + 1]!, b[6 * s + 5]! - b[6 * s + 2]!);
    }
    return s;
  }

  /** Whether segments wait to be drawn into the cached picture. */
  get hasFresh(): boolean {
    return this.freshCount > 0;
  }

  /** The cached picture took the fresh segments (or was redrawn whole with them). */
  clearFresh(): void {
    this.freshCount = 0;
    this.freshOutline.setCount(0);
    this.freshLine.setCount(0);
  }

  /** The cached picture must be redrawn where this path lies now (and wherever it lay before, added first). */
  private needRebuild(): void {
    this.rebuild = true;
    this.rebuildBox.union(this.heldBox);
  }

  /**
   * Where the cached picture must be redrawn for this path (scene units: where it lay and where it lies
   * now), or null when it need not be; then forgets it.
   */
  takeRebuild(): THREE.Box3 | null {
    if (!this.rebuild) return null;
    const box = this.rebuildBox.clone();
    this.rebuild = false;
    this.rebuildBox.makeEmpty();
    return box;
  }

  dispose(): void {
    for (const s of [this.path, this.freshOutline, this.freshLine]) s.geometry.dispose();
    this.materials.forEach((m) => m.dispose());
  }
}
