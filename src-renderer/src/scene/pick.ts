/**
 * Where a ray from the camera (through the pointer) meets the surface as drawn, in the loss's own
 * coordinates Φ. For two parameters the ray is marched through the surface's box against its height
 * (bilinear between grid points, as the mesh is drawn) and the crossing refined by bisection; for one
 * parameter the curve lies in the plane Y = 0, where the ray meets it. Pure: no three.js, no DOM.
 */
import type { SurfaceMap } from './mapping';

export interface Ray {
  origin: [number, number, number];
  direction: [number, number, number];
}

/** Samples along the ray inside the box before the crossing is refined. */
const MARCH_STEPS = 400;
const BISECTIONS = 30;

/** Φ under the ray (clamped to nothing: null when it misses the surface or the domain). */
export function pickSurface(map: SurfaceMap, ray: Ray): number[] | null {
  return map.dims === 1 ? pickCurve(map, ray) : pickMesh(map, ray);
}

function pickCurve(map: SurfaceMap, { origin, direction }: Ray): number[] | null {
  if (Math.abs(direction[1]) < 1e-12) return null;
  const s = -origin[1] / direction[1];
  if (s < 0) return null;
  const X = origin[0] + s * direction[0];
  return Math.abs(X) <= 1 ? [map.param(X, 0)] : null;
}

function pickMesh(map: SurfaceMap, ray: Ray): number[] | null {
  const { origin: o, direction: d } = ray;
  const span = clipToBox(o, d, [
    [-1, 1],
    [-1, 1],
    [-1e-6, map.height + 1e-6],
  ]);
  if (!span) return null;
  const [s0, s1] = span;
  // Above the surface is positive; the first sample at or below it is the crossing.
  const above = (s: number): number => {
    const X = o[0] + s * d[0];
    const Y = o[1] + s * d[1];
    const z = o[2] + s * d[2];
    return z - map.heightAt(map.param(X, 0), map.param(Y, 1)) * map.height;
  };
  let prev = s0;
  if (above(s0) <= 0) return toPhi(map, o, d, s0);
  for (let k = 1; k <= MARCH_STEPS; k++) {
    const s = s0 + ((s1 - s0) * k) / MARCH_STEPS;
    if (above(s) <= 0) {
      let [lo, hi] = [prev, s];
      for (let b = 0; b < BISECTIONS; b++) {
        const mid = (lo + hi) / 2;
        if (above(mid) > 0) lo = mid;
        else hi = mid;
      }
      return toPhi(map, o, d, hi);
    }
    prev = s;
  }
  return null;
}

function toPhi(map: SurfaceMap, o: Ray['origin'], d: Ray['direction'], s: number): number[] {
  return [map.param(o[0] + s * d[0], 0), map.param(o[1] + s * d[1], 1)];
}

/** The ray's parameter range inside an axis-aligned box (slab method), null when it misses. */
function clipToBox(o: Ray['origin'], d: Ray['direction'], box: [number, number][]): [number, number] | null {
  let [lo, hi] = [0, Infinity];
  for (let a = 0; a < 3; a++) {
    const [min, max] = box[a]!;
    if (Math.abs(d[a]!) < 1e-15) {
      if (o[a]! < min || o[a]! > max) return null;
      continue;
    }
    let t0 = (min - o[a]!) / d[a]!;
    let t1 = (max - o[a]!) / d[a]!;
    if (t0 > t1) [t0, t1] = [t1, t0];
    lo = Math.max(lo, t0);
    hi = Math.min(hi, t1);
    if (lo > hi) return null;
  }
  return [lo, hi];
}
