/**
 * One run in the scene: its particles (a point cloud whose position buffer is rewritten in place from
 * each frame, at most `shown` of them), the first particle's path (run-path.ts) and a marker at that
 * particle's head. The cloud is drawn after the path and the path writes no depth, so the path never
 * hides the cloud.
 */
import * as THREE from 'three';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import { RunPath, toScene } from './run-path';

let dotTexture: THREE.DataTexture | null = null;

/** A round dot with a dark rim; point colors tint the inside. */
function dot(): THREE.DataTexture {
  if (dotTexture) return dotTexture;
  const n = 32;
  const data = new Uint8Array(n * n * 4);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const r = Math.hypot(i + 0.5 - n / 2, j + 0.5 - n / 2) / (n / 2);
      const k = 4 * (j * n + i);
      const v = r < 0.68 ? 255 : 20;
      data[k] = data[k + 1] = data[k + 2] = v;
      data[k + 3] = r < 1 ? 255 : 0;
    }
  dotTexture = new THREE.DataTexture(data, n, n);
  dotTexture.needsUpdate = true;
  dotTexture.magFilter = THREE.LinearFilter;
  return dotTexture;
}

export class RunLayer {
  /** Drawn with the runs every frame: the cloud, the head and a short trail. */
  readonly group = new THREE.Group();
  /** The path's part of the cached picture (run-path.ts). */
  readonly path: RunPath;
  private readonly points: THREE.Points;
  private readonly pointGeometry = new THREE.BufferGeometry();
  private readonly pointMaterial: THREE.PointsMaterial;
  private capacity = 0;
  private readonly head: THREE.Mesh;
  private generation = -1;
  private map: SurfaceMap | null = null;
  /**
   * What changed on screen since the last `takeDamage`, in scene units: where the cloud was and is,
   * and the path's new segments. `wholeDamage` when the change is not local (the path redrawn, a color).
   */
  private readonly damage = new THREE.Box3();
  private wholeDamage = true;
  private readonly cloudBox = new THREE.Box3();

  constructor(color: string) {
    this.pointMaterial = new THREE.PointsMaterial({
      color,
      size: 7,
      sizeAttenuation: false,
      map: dot(),
      alphaTest: 0.5,
      // Transparent like the path, so both sort by renderOrder: the cloud is drawn over the path.
      transparent: true,
    });
    this.points = new THREE.Points(this.pointGeometry, this.pointMaterial);
    this.points.frustumCulled = false;
    this.points.renderOrder = 3;
    this.path = new RunPath(color);
    this.head = new THREE.Mesh(
      new THREE.SphereGeometry(0.03, 20, 14),
      new THREE.MeshBasicMaterial({ color, transparent: true }),
    );
    this.head.visible = false;
    this.head.renderOrder = 4;
    this.group.add(this.path.liveGroup, this.points, this.head);
  }

  setColor(color: string): void {
    if (this.pointMaterial.color.getHexString() !== new THREE.Color(color).getHexString()) this.wholeDamage = true;
    this.pointMaterial.color.set(color);
    this.path.setColor(color);
    (this.head.material as THREE.MeshBasicMaterial).color.set(color);
  }

  /** Draws the path's last `points` points (0: none, Infinity: all). */
  setTrail(points: number): void {
    this.path.setTrail(points);
    this.wholeDamage = true;
  }

  /** Brings the layer up to date with the track; `map` is the current surface; draws ≤ `shown` particles. */
  update(track: RunTrack, map: SurfaceMap, shown = Infinity): void {
    if (map !== this.map || track.generation !== this.generation) {
      this.map = map;
      this.generation = track.generation;
      this.path.redraw();
    }
    if (this.path.update(track, map, this.damage)) this.wholeDamage = true;
    this.updatePoints(track, map, shown);
  }

  private updatePoints(track: RunTrack, map: SurfaceMap, shown: number): void {
    const frame = track.last;
    if (!frame || frame.dims < 1) {
      if (this.points.visible) this.wholeDamage = true;
      this.points.visible = false;
      this.head.visible = false;
      return;
    }
    const d = frame.dims;
    const count = Math.min(shown, Math.floor(frame.positions.length / d));
    if (count > this.capacity) {
      this.capacity = Math.max(count, 2 * this.capacity, 16);
      this.pointGeometry.dispose(); // frees the old buffer on the GPU; the geometry stays usable
      this.pointGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(this.capacity * 3), 3));
    }
    const attr = this.pointGeometry.getAttribute('position') as THREE.BufferAttribute | undefined;
    if (!attr) return;
    const out = attr.array as Float32Array;
    // The cloud's old place and its new one both change on screen.
    this.damage.union(this.cloudBox);
    this.cloudBox.makeEmpty();
    const v = new THREE.Vector3();
    for (let i = 0; i < count; i++) {
      toScene(map, frame.positions, i * d, d, out, 3 * i);
      if (Number.isFinite(out[3 * i]!) && Number.isFinite(out[3 * i + 1]!) && Number.isFinite(out[3 * i + 2]!))
        this.cloudBox.expandByPoint(v.set(out[3 * i]!, out[3 * i + 1]!, out[3 * i + 2]!));
    }
    // The head marker's radius.
    if (!this.cloudBox.isEmpty()) this.cloudBox.expandByScalar(0.035);
    this.damage.union(this.cloudBox);
    // Only the particles drawn go to the GPU (the buffer may be up to twice as long).
    attr.clearUpdateRanges();
    attr.addUpdateRange(0, 3 * count);
    attr.needsUpdate = true;
    this.pointGeometry.setDrawRange(0, count);
    this.pointMaterial.size = count > 200 ? 4 : count > 20 ? 6 : 9;
    this.points.visible = count > 0;
    this.head.visible = count > 0 && Number.isFinite(out[0]);
    if (this.head.visible) this.head.position.set(out[0]!, out[1]!, out[2]!);
    this.head.scale.setScalar(count > 1 ? 0.8 : 1);
  }

  /**
   * What changed since the last call, in scene units (empty: nothing), or null when the whole layer
   * must be drawn again; then forgets it.
   */
  takeDamage(): THREE.Box3 | null {
    const whole = this.wholeDamage;
    const box = this.damage.clone();
    this.wholeDamage = false;
    this.damage.makeEmpty();
    return whole ? null : box;
  }

  dispose(): void {
    this.pointGeometry.dispose();
    this.pointMaterial.dispose();
    this.path.dispose();
    this.head.geometry.dispose();
    (this.head.material as THREE.Material).dispose();
  }
}
