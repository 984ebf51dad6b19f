/**
 * Covariance ellipses on the 3-D surface: each a closed thick line through the k-σ ellipse of a 2×2
 * covariance (shared/theory/gallery-stats.ts), every point lifted slightly above the surface's height
 * there, so the measured cloud's ellipse, the predicted one and the Boltzmann one lie on the basin
 * around the cloud. Drawn in colours no run uses; nothing for a 1-D loss.
 */
import * as THREE from 'three';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { ellipsePoints } from '../../../shared/theory/gallery-stats';
import type { SurfaceMap } from './mapping';
import type { SceneOverlay } from './overlay';
import { disposeChildren } from './dispose';

/** The measured cloud's ellipse on the surface (the predicted ones use the theory views' colours). */
export const MEASURED_ELLIPSE_COLOR = '#f4f4f4';
/** Height above the surface (scene units; the surface's top is 0.7). */
const LIFT = 0.025;

export interface SceneEllipse {
  centre: readonly number[];
  cov: number[][];
  color: string;
  /** Standard deviations out (the theory views draw 2σ). */
  k?: number;
  /** Line width in pixels (default 2.5); later ellipses draw over earlier ones. */
  width?: number;
}

export class EllipseOverlay implements SceneOverlay {
  readonly group = new THREE.Group();
  private ellipses: SceneEllipse[] = [];
  private dirty = true;
  private drawnFor: SurfaceMap | null = null;

  /** The ellipses to draw from now on (drawn at the next update). */
  set(ellipses: SceneEllipse[]): void {
    this.ellipses = ellipses;
    this.dirty = true;
  }

  update(map: SurfaceMap | null): boolean {
    if (!this.dirty && map === this.drawnFor) return false;
    this.clear();
    this.dirty = false;
    this.drawnFor = map;
    if (!map || map.dims !== 2) return true;
    for (const e of this.ellipses) {
      const pts = ellipsePoints(e.centre, e.cov, e.k ?? 2, 128);
      if (!pts.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) continue;
      const seg = new Float32Array((pts.length - 1) * 6);
      const at = ([x, y]: [number, number]): number[] => [
        map.world(x, 0),
        map.world(y, 1),
        map.heightAt(x, y) * map.height + LIFT,
      ];
      for (let i = 0; i + 1 < pts.length; i++) seg.set([...at(pts[i]!), ...at(pts[i + 1]!)], i * 6);
      const geometry = new LineSegmentsGeometry();
      geometry.setPositions(seg);
      const material = new LineMaterial({
        color: e.color,
        linewidth: e.width ?? 2.5,
        transparent: true,
        depthWrite: false,
      });
      const line = new LineSegments2(geometry, material);
      line.frustumCulled = false;
      line.renderOrder = 5 + this.group.children.length;
      this.group.add(line);
    }
    return true;
  }

  private clear(): void {
    disposeChildren(this.group);
  }

  dispose(): void {
    this.clear();
  }
}
