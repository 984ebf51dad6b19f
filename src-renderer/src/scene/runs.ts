/**
 * One run in the scene: its particles (a point cloud whose position buffer is rewritten in place from
 * each frame), the first particle's path (a thick line growing live, over a dark outline so it reads
 * on any part of the surface; its last `trail` points, or none) and a marker at that particle's head.
 * The cloud is drawn after the path and the path writes no depth, so the path never hides the cloud.
 */
import * as THREE from 'three';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import type { RunTrack } from '../lib/tracks';
import type { SurfaceMap } from './mapping';

const PATH_CAPACITY = 8200;
const LIFT = 0.015;
/** Longest step (scene units, the domain being 2 wide) a 1-D path draws as a segment. */
const CHORD = 0.08;

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
  readonly group = new THREE.Group();
  private readonly points: THREE.Points;
  private readonly pointGeometry = new THREE.BufferGeometry();
  private readonly pointMaterial: THREE.PointsMaterial;
  private capacity = 0;
  private readonly pathGeometry = new LineSegmentsGeometry();
  private readonly pathBuffer = new Float32Array(PATH_CAPACITY * 6);
  private readonly pathMaterials: LineMaterial[];
  private readonly head: THREE.Mesh;
  private written = 0;
  private generation = -1;
  private map: SurfaceMap | null = null;
  /** How many of the path's latest points are drawn (0: no path; Infinity: all kept). */
  private trail = Infinity;
  /** Index of the first path point drawn. */
  private firstShown = 0;
  private readonly pathLines: LineSegments2[] = [];
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
    this.pathGeometry.setPositions(this.pathBuffer);
    this.pathGeometry.instanceCount = 0;
    const outline = new LineMaterial({
      color: 0x000000,
      linewidth: 5,
      transparent: true,
      opacity: 0.55,
      depthWrite: false,
    });
    // Both transparent, so both sort by renderOrder in the same list: the outline first, the line over it.
    const line = new LineMaterial({ color, linewidth: 2.5, transparent: true, depthWrite: false });
    this.pathMaterials = [outline, line];
    this.pathMaterials.forEach((m, i) => {
      const l = new LineSegments2(this.pathGeometry, m);
      l.frustumCulled = false;
      l.renderOrder = 1 + i;
      this.pathLines.push(l);
      this.group.add(l);
    });
    this.head = new THREE.Mesh(
      new THREE.SphereGeometry(0.03, 20, 14),
      new THREE.MeshBasicMaterial({ color, transparent: true }),
    );
    this.head.visible = false;
    this.head.renderOrder = 4;
    this.group.add(this.points, this.head);
  }

  setColor(color: string): void {
    if (this.pointMaterial.color.getHexString() !== new THREE.Color(color).getHexString()) this.wholeDamage = true;
    this.pointMaterial.color.set(color);
    this.pathMaterials[1]!.color.set(color);
    (this.head.material as THREE.MeshBasicMaterial).color.set(color);
  }

  /** Draws the path's last `points` points (0: none, Infinity: all). */
  setTrail(points: number): void {
    if (points === this.trail) return;
    this.trail = points;
    this.written = 0;
    this.wholeDamage = true;
    for (const l of this.pathLines) l.visible = points > 0;
  }

  /** Brings the layer up to date with the track; `map` is the current surface; draws ≤ `shown` particles. */
  update(track: RunTrack, map: SurfaceMap, shown = Infinity): void {
    if (map !== this.map || track.generation !== this.generation) {
      this.map = map;
      this.generation = track.generation;
      this.written = 0;
      this.wholeDamage = true;
    }
    this.updatePath(track, map);
    this.updatePoints(track, map, shown);
  }

  private toScene(map: SurfaceMap, src: ArrayLike<number>, at: number, dims: number, out: Float32Array, o: number) {
    const x = src[at]!;
    const y = dims > 1 ? src[at + 1]! : 0;
    out[o] = map.world(x, 0);
    out[o + 1] = dims > 1 ? map.world(y, 1) : 0;
    out[o + 2] = map.heightAt(x, y) * map.height + LIFT;
  }

  private updatePath(track: RunTrack, map: SurfaceMap): void {
    const d = track.dims;
    const total = track.path.length / d;
    const first = Math.max(0, total - Math.min(this.trail, PATH_CAPACITY));
    if (first !== this.firstShown) {
      // The window moved along the path: draw it again from its new first point.
      this.firstShown = first;
      this.written = 0;
      this.wholeDamage = true;
    }
    const count = total - first;
    const segments = Math.max(0, count - 1);
    const from = Math.max(0, this.written - 1);
    const buf = this.pathBuffer;
    const p = new Float32Array(3);
    for (let s = from; s < segments; s++) {
      this.toScene(map, track.path, (first + s) * d, d, buf, 6 * s);
      this.toScene(map, track.path, (first + s + 1) * d, d, p, 0);
      // On a curve (one parameter) a hop across a barrier is a gap, not a chord through the wells.
      if (d === 1 && Math.abs(p[0]! - buf[6 * s]!) > CHORD) p.set(buf.subarray(6 * s, 6 * s + 3));
      buf.set(p, 6 * s + 3);
      this.damage.expandByPoint(new THREE.Vector3(buf[6 * s], buf[6 * s + 1], buf[6 * s + 2]));
      this.damage.expandByPoint(new THREE.Vector3(p[0], p[1], p[2]));
    }
    if (segments !== this.pathGeometry.instanceCount || from < segments) {
      // Only the segments written now go to the GPU (not the whole buffer, 8,200 segments long).
      const data = (this.pathGeometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute).data;
      if (from < segments) data.addUpdateRange(6 * from, 6 * (segments - from));
      data.needsUpdate = true;
      this.pathGeometry.instanceCount = segments;
    }
    this.written = count;
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
      this.toScene(map, frame.positions, i * d, d, out, 3 * i);
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
    this.pathGeometry.dispose();
    this.pathMaterials.forEach((m) => m.dispose());
    this.head.geometry.dispose();
    (this.head.material as THREE.Material).dispose();
  }
}
