/**
 * Every run's layer in the scene (runs.ts), kept equal to the tracks: one layer per run, its color,
 * its trail length, and how many of its particles it draws within the point budget (point-budget.ts);
 * and their paths' part of the cached picture (run-path.ts).
 */
import * as THREE from 'three';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import { shareBudget } from './point-budget';
import { RunLayer } from './runs';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The most points of a cloud's trail (its first particle's path) drawn, whatever the trail setting:
 * a noisy walk drawn whole is a jagged starburst over the cloud. One particle's path is drawn whole.
 */
const CLOUD_TRAIL = 50;

export class RunLayers {
  /** The layers' groups, for the scene the runs are drawn in. */
  readonly group = new THREE.Group();
  /** The whole paths, drawn into the cached picture when it is redrawn (run-path.ts). */
  readonly cachedGroup = new THREE.Group();
  /** The paths' segments not yet in the cached picture (path-batches.ts puts them in). */
  readonly freshGroup = new THREE.Group();
  private layers: RunLayer[] = [];
  /** Path points drawn per run (0: none, Infinity: all). */
  private trail = Infinity;
  /** The background a faded path is drawn toward (run-path.ts). */
  private fadeTo = '#000000';
  /** Particles drawn per frame, all runs together (Infinity: every particle sent). */
  private budget = Infinity;
  /** Particles drawn and received at the last update (a new object only when they change). */
  points = { drawn: 0, received: 0 };
  /** A layer went: the cached picture must be redrawn without its path. */
  private rebuild = false;
  /** The top-down 2-D view: heads drawn as markers over everything (runs.ts). */
  private flat = false;

  /** The trail each layer draws now, and each run's particles at the last update. */
  private applied: number[] = [];
  private particles: number[] = [];

  /** How many of each path's latest points to draw (0: no trails, Infinity: all; a cloud's at most CLOUD_TRAIL). */
  setTrail(points: number): void {
    this.trail = points;
    this.layers.forEach((_, i) => this.applyTrail(i));
  }

  /** A cloud (more than one particle) draws at most CLOUD_TRAIL points of its first particle's path. */
  private applyTrail(i: number): void {
    const points = (this.particles[i] ?? 1) > 1 ? Math.min(this.trail, CLOUD_TRAIL) : this.trail;
    if (this.applied[i] === points) return;
    this.applied[i] = points;
    this.layers[i]!.setTrail(points);
  }

  /** The 2-D view (true) or the 3-D one: how each run's head is drawn. */
  setFlat(flat: boolean): void {
    this.flat = flat;
    for (const layer of this.layers) layer.setFlat(flat);
  }

  /** The background faded paths fade toward (the theme's); they are drawn again at the next update. */
  setFadeTo(background: string): void {
    this.fadeTo = background;
    for (const layer of this.layers) layer.path.setFadeTo(background);
  }

  /** Whether the budget changed (the runs must then be updated again). */
  setBudget(points: number): boolean {
    if (points === this.budget) return false;
    this.budget = points;
    return true;
  }

  /**
   * Brings the layers up to date with the tracks against `map` (null: nothing drawn); returns whether
   * the change is not local (a layer came, went, or was shown or hidden): then the whole view is redrawn.
   */
  update(tracks: readonly RunTrack[], colors: readonly string[], map: SurfaceMap | null): boolean {
    let whole = false;
    while (this.layers.length > tracks.length) {
      const layer = this.layers.pop()!;
      this.group.remove(layer.group);
      this.cachedGroup.remove(layer.path.cachedGroup);
      this.freshGroup.remove(layer.path.freshGroup);
      // Its path may be in the cached picture.
      this.rebuild = true;
      layer.dispose();
      this.applied.length = this.layers.length;
      whole = true;
    }
    while (this.layers.length < tracks.length) {
      const layer = new RunLayer(colors[this.layers.length] ?? '#ffffff');
      layer.path.setFadeTo(this.fadeTo);
      layer.setFlat(this.flat);
      this.layers.push(layer);
      this.group.add(layer.group);
      this.cachedGroup.add(layer.path.cachedGroup);
      this.freshGroup.add(layer.path.freshGroup);
      whole = true;
    }
    const received = tracks.map((t) =>
      t.last && t.last.dims > 0 ? Math.floor(t.last.positions.length / t.last.dims) : 0,
    );
    this.particles = received;
    this.layers.forEach((_, i) => this.applyTrail(i));
    const shares = shareBudget(received, this.budget);
    if (sum(shares) !== this.points.drawn || sum(received) !== this.points.received)
      this.points = { drawn: sum(shares), received: sum(received) };
    this.layers.forEach((layer, i) => {
      layer.setColor(colors[i] ?? '#ffffff');
      // No surface: nothing of the run drawn, its path in the cached picture neither.
      const shown = map !== null;
      if (layer.group.visible !== shown) {
        whole = true;
        this.rebuild = true;
      }
      layer.group.visible = layer.path.cachedGroup.visible = layer.path.freshGroup.visible = shown;
      if (map) layer.update(tracks[i]!, map, shares[i]);
    });
    return whole;
  }

  /**
   * Whether the cached picture must be redrawn for the paths (see RunPath.takeRebuild), and where (scene
   * units; null: all of it, a layer came, went, or was shown or hidden); then forgets it.
   */
  takeRebuild(): { rebuild: boolean; area: THREE.Box3 | null } {
    let rebuild = this.rebuild;
    const area = new THREE.Box3();
    for (const layer of this.layers) {
      const box = layer.path.takeRebuild();
      if (box) area.union(box);
      rebuild ||= box !== null;
    }
    const whole = this.rebuild;
    this.rebuild = false;
    return { rebuild, area: whole ? null : area };
  }

  /** Whether new path segments wait to be drawn into the cached picture. */
  get hasFresh(): boolean {
    return this.layers.some((layer) => layer.path.hasFresh);
  }

  /** The cached picture holds every segment now. */
  clearFresh(): void {
    for (const layer of this.layers) layer.path.clearFresh();
  }

  /** What each layer changed since the last call (see RunLayer.takeDamage). */
  takeDamage(): (THREE.Box3 | null)[] {
    return this.layers.map((layer) => layer.takeDamage());
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
    this.layers = [];
  }
}
