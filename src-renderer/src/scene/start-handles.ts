/**
 * The handles at each run's start point on the surface: a ball in the run's color with a contrasting
 * rim, which the view lets the user drag (see components/SurfacePointer.svelte); the one under the
 * pointer is drawn larger with a wider rim. Rebuilt only when the starts, the colors, the lit handle
 * or the surface change.
 */
import * as THREE from 'three';
import type { SurfaceMap } from './mapping';
import { disposeChildren } from './dispose';

/** Radius of a handle in scene units (the domain spans [-1, 1]). */
const RADIUS = 0.035;
/** Lift above the surface, so the ball is not half buried. */
const LIFT = 0.02;
/** How much larger the lit handle (under the pointer, or dragged) is drawn, and its rim around it. */
const LIT_SCALE = 1.4;
const LIT_RIM = 1.7;

export class StartHandles {
  readonly group = new THREE.Group();
  private key = '';
  private map: SurfaceMap | null = null;
  private starts: readonly (readonly number[] | null)[] = [];
  private colors: readonly string[] = [];
  private rimColor = '#ffffff';
  private lit = -1;

  constructor() {
    this.group.name = 'start-handles';
  }

  /** New starts (null: no handle for that run), colors and lit handle (−1: none); true when they changed. */
  set(starts: readonly (readonly number[] | null)[], colors: readonly string[], rimColor: string, lit = -1): boolean {
    this.starts = starts;
    this.colors = colors;
    this.rimColor = rimColor;
    this.lit = lit;
    return this.rebuild();
  }

  /** The surface changed: the handles sit on the new one. */
  setMap(map: SurfaceMap | null): boolean {
    this.map = map;
    this.key = '';
    return this.rebuild();
  }

  private rebuild(): boolean {
    const key = JSON.stringify([this.starts, this.colors, this.rimColor, this.lit, this.map !== null]);
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
      const radius = i === this.lit ? RADIUS * LIT_SCALE : RADIUS;
      const ball = new THREE.Mesh(
        new THREE.SphereGeometry(radius, 20, 12),
        new THREE.MeshBasicMaterial({ color: this.colors[i] ?? '#ffffff' }),
      );
      const rim = new THREE.Mesh(
        new THREE.SphereGeometry(radius * (i === this.lit ? LIT_RIM : 1.35), 20, 12),
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
