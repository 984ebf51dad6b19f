/**
 * Between the pointer and the loss: the point Φ of the surface under a point of the canvas (with the
 * loss there, interpolated from the surface's grid), and where a Φ of the surface is on the canvas.
 */
import * as THREE from 'three';
import type { SurfaceMap } from './mapping';
import { pickSurface } from './pick';

export interface SurfacePoint {
  phi: number[];
  loss: number;
}

/** Φ under client point (x, y) of `canvas` seen through `camera`, and L(Φ); null off the surface. */
export function pickAt(
  map: SurfaceMap,
  camera: THREE.Camera,
  canvas: HTMLCanvasElement,
  clientX: number,
  clientY: number,
): SurfacePoint | null {
  const rect = canvas.getBoundingClientRect();
  const ndc = new THREE.Vector2(
    ((clientX - rect.left) / rect.width) * 2 - 1,
    1 - ((clientY - rect.top) / rect.height) * 2,
  );
  camera.updateMatrixWorld();
  const raycaster = new THREE.Raycaster();
  raycaster.setFromCamera(ndc, camera);
  const { origin: o, direction: d } = raycaster.ray;
  const phi = pickSurface(map, { origin: [o.x, o.y, o.z], direction: [d.x, d.y, d.z] });
  return phi ? { phi, loss: map.lossAt(phi[0]!, phi[1]) } : null;
}

/** The client point of `canvas` where Φ, on the surface, is seen; null for a Φ of other dimensions. */
export function projectTo(
  map: SurfaceMap,
  camera: THREE.Camera,
  canvas: HTMLCanvasElement,
  phi: readonly number[],
): { x: number; y: number } | null {
  if (phi.length !== map.dims) return null;
  const [x, y] = [phi[0]!, phi[1] ?? 0];
  camera.updateMatrixWorld();
  const v = new THREE.Vector3(map.world(x, 0), map.dims > 1 ? map.world(y, 1) : 0, map.heightAt(x, y) * map.height);
  v.project(camera);
  const rect = canvas.getBoundingClientRect();
  return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
}
