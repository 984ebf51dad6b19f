/**
 * A path's segments (6 numbers each: start xyz, end xyz) as thick lines, three's `LineMaterial`
 * (screen-space width, round ends) drawn in ONE non-instanced draw: each segment's 8 corners carry its
 * start and end as plain vertex attributes named as the material's instanced ones
 * (`instanceStart`, `instanceEnd`, and the colors), so its vertex shader runs unchanged. A software
 * rasterizer (SwiftShader) pays ~30 µs for every instance of an instanced draw — 4,000 segments
 * drawn as outline and line cost it a quarter of a second — and far less for the same triangles in
 * one batch.
 */
import * as THREE from 'three';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import type { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';

/** Most segments a path holds. */
export const PATH_CAPACITY = 8200;

/** One segment's corners and triangles (LineSegmentsGeometry's: the quad and its two round ends). */
const CORNERS = [-1, 2, 0, 1, 2, 0, -1, 1, 0, 1, 1, 0, -1, 0, 0, 1, 0, 0, -1, -1, 0, 1, -1, 0];
const UVS = [-1, 2, 1, 2, -1, 1, 1, 1, -1, -1, 1, -1, -1, -2, 1, -2];
const TRIANGLES = [0, 2, 1, 2, 3, 1, 2, 4, 3, 4, 5, 3, 4, 6, 5, 6, 7, 5];
const V = 8;
const I = TRIANGLES.length;

/** The corners, their uvs and the index of `PATH_CAPACITY` segments (the same for every path). */
let template: { position: THREE.BufferAttribute; uv: THREE.BufferAttribute; index: THREE.BufferAttribute } | null =
  null;
function shared(): NonNullable<typeof template> {
  if (template) return template;
  const position = new Float32Array(PATH_CAPACITY * V * 3);
  const uv = new Float32Array(PATH_CAPACITY * V * 2);
  const index = new Uint32Array(PATH_CAPACITY * I);
  for (let s = 0; s < PATH_CAPACITY; s++) {
    position.set(CORNERS, s * V * 3);
    uv.set(UVS, s * V * 2);
    for (let k = 0; k < I; k++) index[s * I + k] = s * V + TRIANGLES[k]!;
  }
  template = {
    position: new THREE.BufferAttribute(position, 3),
    uv: new THREE.BufferAttribute(uv, 2),
    index: new THREE.BufferAttribute(index, 1),
  };
  return template;
}

/** Segments in a growing geometry, drawn as the given materials (the outline, the line). */
export class SegmentLines {
  readonly geometry = new THREE.BufferGeometry();
  readonly buffer = new Float32Array(PATH_CAPACITY * 6);
  /** Each segment's colors at its ends (rgb, rgb): read only by a material with `vertexColors` (a faded path). */
  readonly colors = new Float32Array(PATH_CAPACITY * 6);
  readonly lines: LineSegments2[];
  /** Segments drawn. */
  count = 0;
  private readonly ends: Record<'instanceStart' | 'instanceEnd', THREE.BufferAttribute>;
  private readonly colorEnds: Record<'instanceColorStart' | 'instanceColorEnd', THREE.BufferAttribute>;

  constructor(materials: LineMaterial[]) {
    const { position, uv, index } = shared();
    this.geometry.setIndex(index);
    this.geometry.setAttribute('position', position);
    this.geometry.setAttribute('uv', uv);
    const attribute = () => new THREE.BufferAttribute(new Float32Array(PATH_CAPACITY * V * 3), 3);
    this.ends = { instanceStart: attribute(), instanceEnd: attribute() };
    this.colorEnds = { instanceColorStart: attribute(), instanceColorEnd: attribute() };
    for (const [name, a] of Object.entries({ ...this.ends, ...this.colorEnds })) this.geometry.setAttribute(name, a);
    this.geometry.setDrawRange(0, 0);
    this.lines = materials.map((m, i) => {
      const l = new LineSegments2(undefined, m);
      l.geometry.dispose();
      l.geometry = this.geometry as never;
      l.frustumCulled = false;
      l.renderOrder = 1 + i;
      return l;
    });
  }

  /** Uploads segments [from, to) (their colors too when `colored`) and draws [0, to). */
  upload(from: number, to: number, colored = false): void {
    const pairs: [THREE.BufferAttribute, THREE.BufferAttribute, Float32Array][] = [
      [this.ends.instanceStart, this.ends.instanceEnd, this.buffer],
    ];
    if (colored) pairs.push([this.colorEnds.instanceColorStart, this.colorEnds.instanceColorEnd, this.colors]);
    for (const [start, end, src] of pairs) {
      const [a, b] = [start.array as Float32Array, end.array as Float32Array];
      for (let s = from; s < to; s++)
        for (let v = 0; v < V; v++) {
          a.set(src.subarray(6 * s, 6 * s + 3), (s * V + v) * 3);
          b.set(src.subarray(6 * s + 3, 6 * s + 6), (s * V + v) * 3);
        }
      for (const attr of [start, end]) {
        if (from < to) attr.addUpdateRange(from * V * 3, (to - from) * V * 3);
        attr.needsUpdate = true;
      }
    }
    this.setCount(to);
  }

  /** Draws the first `count` segments. */
  setCount(count: number): void {
    this.count = count;
    this.geometry.setDrawRange(0, count * I);
  }
}
