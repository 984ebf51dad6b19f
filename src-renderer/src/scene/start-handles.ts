/**
 * The handles at each run's start point on the surface: a ball in the run's color with a contrasting
 * rim, which the view lets the user drag (see components/SurfacePointer.svelte). Rebuilt only when the
 * starts, the colors or the surface change.
 */
import * as THREE from 'three';
import type { SurfaceMap } from './mapping';
import { disposeChildren } from './dispose';

/** Radius of a handle in scene units (the domain spans [-1, 1]). */
const RADIUS = 0.035;
/** Lift above the surface, so the ball is not half buried. */
const LIFT = 0.02;

export class StartHandles {
  readonly group = new THREE.Group();
  private key = '';
  private map: SurfaceMap | null = null;
  private starts: readonly (readonly number[] | null)[] = [];
  private colors: readonly string[] = [];
  private rimColor = '#ffffff';

  constructor() {
    this.group.name = 'start-handles';
  }

  /** New starts (null: no handle for that run) and colors; true when the handles changed. */
  set(starts: readonly (readonly number[] | null)[], colors: readonly string[], rimColor: string): boolean {
    this.starts = starts;
    this.colors = colors;
    this.rimColor = rimColor;
    return this.rebuild();
  }

  /** The surface changed: the handles sit on the new one. */
  setMap(map: SurfaceMap | null): boolean {
    this.map = map;
    this.key = '';
    return this.rebuild();
  }

  private rebuild(): boolean {
    const key = JSON.stringify([this.starts, this.colors, this.rimColor, this.map !== null]);
    if (key === this.key) return false;
    this.key = key;
    this.clear();
    const map = this.map;
    if (!map) return true;
    this.starts.forEach((start, i) => {
      if (!start || start.length !== map.dims) return;
      const [x, y] = [start[0]!, start[1] ?? 0];
      const position = new THREE.Vector3(
        map.world(x, 0),
        map.dims > 1 ? map.world(y, 1) : 0,
        map.heightAt(x, y) * map.height + LIFT,
      );
      const ball = new THREE.Mesh(
        new THREE.SphereGeometry(RADIUS, 20, 12),
        new THREE.MeshBasicMaterial({ color: this.colors[i] ?? '#ffffff' }),
      );
      const rim = new THREE.Mesh(
        new THREE.SphereGeometry(RADIUS * 1.35, 20, 12),
        new THREE.MeshBasicMaterial({ color: this.rimColor, side: THREE.BackSide }),
      );
      ball.position.copy(position);
      rim.position.copy(position);
      this.group.add(rim, ball);
    });
    return true;
  }

  private clear(): void {
    disposeChildren(this.group);
  }

  dispose(): void {
    this.clear();
  }
}
