/**
 * The static part of the scene for one loss: the surface (a lit, viridis-colored mesh for two
 * parameters, a curve for one), contour lines on the floor and on the surface, a frame with the
 * domain's bounds, and markers at a preset's minima and saddles.
 */
import * as THREE from 'three';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import type { Surface } from '../../../shared/contract/lab';
import { MARKER_COLORS, viridisLinear } from '../lib/colors';
import { fmt } from '../lib/format';
import { contourSegments, defaultLevels } from './contours';
import { makeLabel } from './labels';
import type { SurfaceMap } from './mapping';

export const FLOOR_Z = -0.08;

export interface SurfaceOptions {
  params: string[];
  minima: number[][];
  saddles: number[][];
  textColor: string;
  dark: boolean;
}

export function buildSurface(surface: Surface, map: SurfaceMap, opts: SurfaceOptions): THREE.Group {
  const group = new THREE.Group();
  if (map.dims === 1) buildCurve(group, map);
  else {
    group.add(buildMesh(map));
    buildContours(group, surface, map, opts.dark);
  }
  buildFrame(group, map, opts);
  buildMarkers(group, map, opts);
  return group;
}

function buildMesh(map: SurfaceMap): THREE.Mesh {
  const G = map.G;
  const positions = new Float32Array(G * G * 3);
  const colors = new Float32Array(G * G * 3);
  for (let j = 0; j < G; j++) {
    for (let i = 0; i < G; i++) {
      const k = j * G + i;
      const h = map.grid[k]!;
      positions[3 * k] = -1 + (2 * i) / (G - 1);
      positions[3 * k + 1] = -1 + (2 * j) / (G - 1);
      positions[3 * k + 2] = h * map.height;
      viridisLinear(h, colors, 3 * k);
    }
  }
  const index: number[] = [];
  for (let j = 0; j < G - 1; j++)
    for (let i = 0; i < G - 1; i++) {
      const a = j * G + i;
      index.push(a, a + 1, a + G + 1, a, a + G + 1, a + G);
    }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  geometry.setIndex(index);
  geometry.computeVertexNormals();
  const material = new THREE.MeshStandardMaterial({
    vertexColors: true,
    side: THREE.DoubleSide,
    roughness: 0.75,
    metalness: 0.0,
    polygonOffset: true,
    polygonOffsetFactor: 1,
    polygonOffsetUnits: 1,
  });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.name = 'surface';
  return mesh;
}

function buildContours(group: THREE.Group, surface: Surface, map: SurfaceMap, dark: boolean): void {
  const levels = surface.levels.length > 0 ? surface.levels : defaultLevels(surface.min, surface.max);
  const perLevel = contourSegments(surface.values, map.G, levels);
  const floor: number[] = [];
  const floorColors: number[] = [];
  const onSurface: number[] = [];
  const scale = 2 / (map.G - 1);
  const c = [0, 0, 0];
  perLevel.forEach((segs, l) => {
    const u = map.norm(levels[l]!);
    const z = u * map.height + 0.003;
    viridisLinear(u, c);
    for (let s = 0; s < segs.length; s += 2) {
      const x = -1 + segs[s]! * scale;
      const y = -1 + segs[s + 1]! * scale;
      floor.push(x, y, FLOOR_Z);
      floorColors.push(c[0]!, c[1]!, c[2]!);
      onSurface.push(x, y, z);
    }
  });
  const floorGeometry = new THREE.BufferGeometry();
  floorGeometry.setAttribute('position', new THREE.Float32BufferAttribute(floor, 3));
  floorGeometry.setAttribute('color', new THREE.Float32BufferAttribute(floorColors, 3));
  const floorLines = new THREE.LineSegments(floorGeometry, new THREE.LineBasicMaterial({ vertexColors: true }));
  floorLines.name = 'floor-contours';
  group.add(floorLines);
  const surfaceGeometry = new THREE.BufferGeometry();
  surfaceGeometry.setAttribute('position', new THREE.Float32BufferAttribute(onSurface, 3));
  const surfaceLines = new THREE.LineSegments(
    surfaceGeometry,
    new THREE.LineBasicMaterial({ color: dark ? 0x000000 : 0x1a1a1a, transparent: true, opacity: 0.35 }),
  );
  surfaceLines.name = 'surface-contours';
  group.add(surfaceLines);
}

function buildCurve(group: THREE.Group, map: SurfaceMap): void {
  const G = map.G;
  const segments = new Float32Array((G - 1) * 6);
  const colors = new Float32Array((G - 1) * 6);
  for (let i = 0; i < G - 1; i++) {
    for (let e = 0; e < 2; e++) {
      const k = i + e;
      const h = map.grid[k]!;
      segments[6 * i + 3 * e] = -1 + (2 * k) / (G - 1);
      segments[6 * i + 3 * e + 1] = 0;
      segments[6 * i + 3 * e + 2] = h * map.height;
      viridisLinear(h, colors, 6 * i + 3 * e);
    }
  }
  const geometry = new LineSegmentsGeometry();
  geometry.setPositions(segments);
  geometry.setColors(colors);
  const line = new LineSegments2(geometry, new LineMaterial({ vertexColors: true, linewidth: 4 }));
  line.name = 'curve';
  group.add(line);
}

function buildFrame(group: THREE.Group, map: SurfaceMap, opts: SurfaceOptions): void {
  const z = map.dims === 1 ? 0 : FLOOR_Z;
  const y0 = map.dims === 1 ? 0 : -1;
  const pts =
    map.dims === 1
      ? [-1, 0, -0.02, 1, 0, -0.02, -1, 0, -0.02, -1, 0, map.height]
      : [-1, -1, z, 1, -1, z, 1, -1, z, 1, 1, z, 1, 1, z, -1, 1, z, -1, 1, z, -1, -1, z];
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
  const color = new THREE.Color(opts.textColor);
  const frame = new THREE.LineSegments(
    geometry,
    new THREE.LineBasicMaterial({ color, transparent: true, opacity: 0.5 }),
  );
  group.add(frame);
  const label = (text: string, x: number, y: number, zz: number, size?: number) => {
    const s = makeLabel(text, opts.textColor, size);
    s.position.set(x, y, zz);
    group.add(s);
  };
  const [xlo, xhi] = map.domain[0]!;
  const px = opts.params[0] ?? 'x';
  if (map.dims === 1) {
    label(fmt(xlo), -1, 0, -0.1);
    label(fmt(xhi), 1, 0, -0.1);
    label(px, 0, 0, -0.1, 0.09);
    label(`loss${map.log ? ' (log)' : ''}`, -1.15, 0, map.height, 0.07);
    return;
  }
  const [ylo, yhi] = map.domain[1]!;
  const py = opts.params[1] ?? 'y';
  label(fmt(xlo), -1, y0 - 0.12, z);
  label(fmt(xhi), 1, y0 - 0.12, z);
  label(px, 0, y0 - 0.14, z, 0.09);
  label(fmt(ylo), 1.16, -1, z);
  label(fmt(yhi), 1.16, 1, z);
  label(py, 1.18, 0, z, 0.09);
}

function buildMarkers(group: THREE.Group, map: SurfaceMap, opts: SurfaceOptions): void {
  const inside = (p: number[]) => p.every((v, a) => v >= map.domain[a]![0] && v <= map.domain[a]![1]);
  const place = (p: number[], mesh: THREE.Mesh, text: string) => {
    const x = map.world(p[0]!, 0);
    const y = map.dims === 1 ? 0 : map.world(p[1]!, 1);
    const z = map.heightAt(p[0]!, p[1] ?? 0) * map.height + 0.02;
    mesh.position.set(x, y, z);
    group.add(mesh);
    const label = makeLabel(text, opts.textColor, 0.055);
    label.center.set(-0.15, 0.5);
    label.position.set(x, y, z + 0.03);
    group.add(label);
  };
  for (const p of opts.minima.filter(inside)) {
    const mesh = new THREE.Mesh(
      new THREE.SphereGeometry(0.022, 16, 12),
      new THREE.MeshBasicMaterial({ color: MARKER_COLORS.minimum }),
    );
    place(p, mesh, 'min');
  }
  for (const p of opts.saddles.filter(inside)) {
    const mesh = new THREE.Mesh(
      new THREE.OctahedronGeometry(0.026),
      new THREE.MeshBasicMaterial({ color: MARKER_COLORS.saddle }),
    );
    place(p, mesh, 'saddle');
  }
}
