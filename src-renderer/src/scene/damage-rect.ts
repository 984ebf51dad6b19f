/**
 * Which part of the canvas a frame of the runs must redraw: the screen rectangle covering the boxes
 * where the run layers changed, so the rest of the kept picture stays as it was.
 */
import * as THREE from 'three';

/**
 * The canvas rectangle (CSS pixels, origin bottom left) covering what the runs changed: 'none' for
 * nothing, null for "all of it" (a change that is not local, a box reaching behind the camera or to
 * infinity).
 */
export function damagedRect(
  damage: (THREE.Box3 | null)[],
  camera: THREE.Camera,
  perspective: THREE.PerspectiveCamera,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } | 'none' | null {
  const box = new THREE.Box3();
  for (const d of damage) {
    if (d === null) return null;
    box.union(d);
  }
  if (box.isEmpty()) return 'none';
  camera.updateMatrixWorld();
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const v = new THREE.Vector3();
  for (let k = 0; k < 8; k++) {
    v.set(k & 1 ? box.max.x : box.min.x, k & 2 ? box.max.y : box.min.y, k & 4 ? box.max.z : box.min.z);
    if (camera === perspective && v.clone().applyMatrix4(camera.matrixWorldInverse).z > -perspective.near) return null;
    v.project(camera);
    // A diverging run's points (huge or infinite) project nowhere useful: redraw everything.
    if (!Number.isFinite(v.x) || !Number.isFinite(v.y)) return null;
    x0 = Math.min(x0, v.x);
    x1 = Math.max(x1, v.x);
    y0 = Math.min(y0, v.y);
    y1 = Math.max(y1, v.y);
  }
  // Points (≤ 9 px) and paths (≤ 5 px wide) reach past their centres.
  const pad = 8;
  const left = Math.max(0, Math.floor(((x0 + 1) / 2) * width) - pad);
  const right = Math.min(width, Math.ceil(((x1 + 1) / 2) * width) + pad);
  const bottom = Math.max(0, Math.floor(((y0 + 1) / 2) * height) - pad);
  const top = Math.min(height, Math.ceil(((y1 + 1) / 2) * height) + pad);
  if (right <= left || top <= bottom) return 'none';
  return { x: left, y: bottom, width: right - left, height: top - bottom };
}
