/**
 * Projection onto a plane center + α·d1 + β·d2 (SPEC §13): (α, β) minimize ‖Φ − center − α·d1 − β·d2‖,
 * from the 2×2 normal equations
 *   [d1·d1  d1·d2] [α]   [d1·r]
 *   [d1·d2  d2·d2] [β] = [d2·r],   r = Φ − center
 * (d1 and d2 need not be orthogonal), and offPlane = ‖r − α·d1 − β·d2‖, the least distance. Pure code.
 */
import { dot, norm } from './vectors';
import type { Plane } from './types';

export interface Projection {
  alpha: number;
  beta: number;
  offPlane: number;
}

export class Projector {
  private readonly g11: number;
  private readonly g12: number;
  private readonly g22: number;
  private readonly det: number;

  constructor(readonly plane: Plane) {
    this.g11 = dot(plane.d1, plane.d1);
    this.g12 = dot(plane.d1, plane.d2);
    this.g22 = dot(plane.d2, plane.d2);
    this.det = this.g11 * this.g22 - this.g12 * this.g12;
    if (!(this.det > 1e-24 * this.g11 * this.g22))
      throw new RangeError('the plane is degenerate: d1 and d2 are parallel or zero');
  }

  project(phi: ArrayLike<number>): Projection {
    const { center, d1, d2 } = this.plane;
    const r = new Float64Array(center.length);
    for (let d = 0; d < r.length; d++) r[d] = phi[d]! - center[d]!;
    const b1 = dot(d1, r);
    const b2 = dot(d2, r);
    const alpha = (this.g22 * b1 - this.g12 * b2) / this.det;
    const beta = (this.g11 * b2 - this.g12 * b1) / this.det;
    for (let d = 0; d < r.length; d++) r[d]! -= alpha * d1[d]! + beta * d2[d]!;
    return { alpha, beta, offPlane: norm(r) };
  }

  /** center + α·d1 + β·d2, written into `out`. */
  point(alpha: number, beta: number, out = new Float64Array(this.plane.center.length)): Float64Array {
    const { center, d1, d2 } = this.plane;
    for (let d = 0; d < out.length; d++) out[d] = center[d]! + alpha * d1[d]! + beta * d2[d]!;
    return out;
  }
}
