/**
 * One run in the scene: its particles (a point cloud whose position buffer is rewritten in place from
 * each frame, at most `shown` of them), the first particle's path (run-path.ts) and a marker at that
 * particle's head. The cloud is drawn after the path and the path writes no depth, so the path never
 * hides the cloud. The head is a sphere in 3-D; in the top-down 2-D view (`setFlat`) a dot of fixed
 * size in the run's colour with a dark rim inside a light ring, drawn over every cloud and path.
 */
import * as THREE from 'three';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';
import { RunPath, toScene } from './run-path';

const textures = new Map<number, THREE.DataTexture>();

/**
 * A round sprite, white inside radius `core` (a fraction of its radius) and dark out to its edge (a
 * rim); point colors tint the inside. `dot()`: the particles' dot; `disc()`: a plain disc, no rim.
 */
function sprite(core: number): THREE.DataTexture {
  const cached = textures.get(core);
  if (cached) return cached;
  const n = 32;
  const data = new Uint8Array(n * n * 4);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const r = Math.hypot(i + 0.5 - n / 2, j + 0.5 - n / 2) / (n / 2);
      const k = 4 * (j * n + i);
      const v = r < core ? 255 : 20;
      data[k] = data[k + 1] = data[k + 2] = v;
      data[k + 3] = r < 1 ? 255 : 0;
    }
  const texture = new THREE.DataTexture(data, n, n);
  texture.needsUpdate = true;
  texture.magFilter = THREE.LinearFilter;
  textures.set(core, texture);
  return texture;
}
const dot = () => sprite(0.68);
const disc = () => sprite(1);

/**
 * The 2-D head marker: a light disc under the run's dot with its dark rim (CSS pixels across; the
 * damage pad is 8 px), so it reads on light and dark surfaces alike.
 */
const MARKER_RING = 16;
const MARKER_DOT = 12;

/** A point sprite of `size` px drawn over everything (no depth test), after clouds (renderOrder 3). */
function marker(
  geometry: THREE.BufferGeometry,
  color: string,
  size: number,
  order: number,
  map: THREE.Texture,
): THREE.Points {
  const material = new THREE.PointsMaterial({
    color,
    size,
    sizeAttenuation: false,
    map,
    alphaTest: 0.5,
    transparent: true,
    depthTest: false,
    depthWrite: false,
  });
  const points = new THREE.Points(geometry, material);
  points.frustumCulled = false;
  points.renderOrder = order;
  points.visible = false;
  return points;
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
  /** The head in the 2-D view: a light ring under the run's dot (one point at the head, shared). */
  private readonly markerGeometry = new THREE.BufferGeometry();
  private readonly ring: THREE.Points;
  private readonly marker: THREE.Points;
  private flat = false;
  private generation = -1;
  private map: SurfaceMap | null = null;
  /**
   * What changed on screen since the last `takeDamage`, in scene units: where the cloud was and is,
   * and the path's new segments. `wholeDamage` when the change is not local (the path redrawn, a color).
   */
  private readonly damage = new THREE.Box3();
  private wholeDamage = true;
  private readonly cloudBox = new THREE.Box3();
  /** What the particles were last drawn from. */
  private pointsOf: { frame: RunTrack['last']; map: SurfaceMap | null; count: number } = {
    frame: null,
    map: null,
    count: -1,
  };

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
    this.markerGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3), 3));
    this.ring = marker(this.markerGeometry, '#ffffff', MARKER_RING, 10, disc());
    this.marker = marker(this.markerGeometry, color, MARKER_DOT, 11, dot());
    this.group.add(this.path.liveGroup, this.points, this.head, this.ring, this.marker);
  }

  /** The top-down 2-D view (true) draws the head as a marker over everything; 3-D as a sphere. */
  setFlat(flat: boolean): void {
    if (flat === this.flat) return;
    this.flat = flat;
    this.showHead(this.head.visible || this.marker.visible);
    this.wholeDamage = true;
  }

  private showHead(shown: boolean): void {
    this.head.visible = shown && !this.flat;
    this.ring.visible = this.marker.visible = shown && this.flat;
  }

  setColor(color: string): void {
    if (this.pointMaterial.color.getHexString() !== new THREE.Color(color).getHexString()) this.wholeDamage = true;
    this.pointMaterial.color.set(color);
    this.path.setColor(color);
    (this.head.material as THREE.MeshBasicMaterial).color.set(color);
    (this.marker.material as THREE.PointsMaterial).color.set(color);
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
    // Where the path changed is in the damage (drawn with the runs) or in its rebuild (cached).
    this.path.update(track, map, this.damage);
    this.updatePoints(track, map, shown);
  }

  private updatePoints(track: RunTrack, map: SurfaceMap, shown: number): void {
    const frame = track.last;
    if (!frame || frame.dims < 1) {
      if (this.points.visible) this.wholeDamage = true;
      this.pointsOf = { frame: null, map: null, count: -1 };
      this.points.visible = false;
      this.showHead(false);
      return;
    }
    const d = frame.dims;
    const count = Math.min(shown, Math.floor(frame.positions.length / d));
    // The same frame, surface and count as last drawn: nothing moved, nothing to draw again.
    if (frame === this.pointsOf.frame && map === this.pointsOf.map && count === this.pointsOf.count) return;
    this.pointsOf = { frame, map, count };
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
    this.showHead(count > 0 && Number.isFinite(out[0]));
    this.head.position.set(out[0]!, out[1]!, out[2]!);
    const at = this.markerGeometry.getAttribute('position') as THREE.BufferAttribute;
    at.setXYZ(0, out[0]!, out[1]!, out[2]!);
    at.needsUpdate = true;
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
    this.markerGeometry.dispose();
    for (const m of [this.ring, this.marker]) (m.material as THREE.Material).dispose();
  }
}
