/**
 * A drawing over the surface that is neither the surface nor a run's cloud and path: covariance
 * ellipses, the optimizer-state arrows. LabScene keeps them by name in its run scene and brings each
 * up to date with the surface map and the tracks whenever the runs are.
 */
import type * as THREE from 'three';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';

export interface SceneOverlay {
  readonly group: THREE.Group;
  /** Rebuilds what changed against the current map (null: no surface yet); true when it changed on screen. */
  update(map: SurfaceMap | null, tracks: readonly RunTrack[], colors: readonly string[]): boolean;
  dispose(): void;
}
