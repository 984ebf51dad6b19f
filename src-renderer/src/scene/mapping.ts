/**
 * From the loss's coordinates to the scene's: the domain maps to [-1, 1] (x → X, y → Y), the loss to
 * a height Z in [0, height] — on the log scale by the loss's height above its minimum (any loss, a
 * negative one too), so a valley 1e-3 deep is as visible as a wall 1e3 high. Colors use the same
 * normalized height.
 */
import type { Surface } from '../../../shared/contract/lab';

/** Height of the surface's top in 2D-parameter scenes, and of the curve in 1D ones. */
export const HEIGHT_2D = 0.7;
export const HEIGHT_1D = 1.1;

export class SurfaceMap {
  readonly dims: number;
  readonly G: number;
  readonly domain: [number, number][];
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  readonly height: number;
  /** Normalized heights in [0, 1] at the grid points, row-major, y outer. */
  readonly grid: Float32Array;
  /** The loss at the grid points (the surface's own values). */
  readonly values: Float32Array;
  private readonly d: number;
  private readonly logSpan: number;

  constructor(surface: Surface, logScale: boolean) {
    this.dims = surface.domain.length;
    this.G = surface.resolution;
    this.domain = surface.domain;
    this.min = surface.min;
    this.max = surface.max;
    const span = this.max - this.min;
    this.log = logScale && span > 0;
    this.d = Math.max(span * 1e-4, 1e-30);
    this.logSpan = Math.log((span + this.d) / this.d);
    this.height = this.dims === 1 ? HEIGHT_1D : HEIGHT_2D;
    this.values = surface.values;
    this.grid = new Float32Array(surface.values.length);
    for (let i = 0; i < surface.values.length; i++) this.grid[i] = this.norm(surface.values[i]!);
  }

  /** The loss as a fraction of the drawn range, 0 at the minimum, 1 at the maximum (clamped). */
  norm(loss: number): number {
    const span = this.max - this.min;
    if (!(span > 0) || !Number.isFinite(loss)) return Number.isNaN(loss) ? 0 : loss > this.min ? 1 : 0;
    // Below the grid's minimum (a particle between grid points) clamps to 0, never log(negative) = NaN.
    const u = this.log
      ? Math.log((Math.max(0, loss - this.min) + this.d) / this.d) / this.logSpan
      : (loss - this.min) / span;
    return Math.min(1, Math.max(0, u));
  }

  /** Parameter value → scene coordinate in [-1, 1] along axis `axis`. */
  world(value: number, axis: number): number {
    // A frame of the previous experiment may still arrive after a new domain with fewer axes: centre it.
    const range = this.domain[axis];
    if (!range) return 0;
    const [lo, hi] = range;
    return -1 + (2 * (value - lo)) / (hi - lo);
  }

  /** Normalized height of the drawn surface at a point (bilinear; clamped to the domain). */
  heightAt(x: number, y = 0): number {
    return this.bilinear(this.grid, x, y);
  }

  /** The loss at a point, interpolated bilinearly between the surface's grid values (clamped to the domain). */
  lossAt(x: number, y = 0): number {
    return this.bilinear(this.values, x, y);
  }

  /** Scene coordinate in [-1, 1] → parameter value along axis `axis` (the inverse of `world`). */
  param(world: number, axis: number): number {
    const range = this.domain[axis];
    if (!range) return 0;
    const [lo, hi] = range;
    return lo + ((world + 1) / 2) * (hi - lo);
  }

  private bilinear(g: Float32Array, x: number, y: number): number {
    const G = this.G;
    const fx = this.cell(x, 0);
    if (this.dims === 1) {
      const i = Math.min(G - 2, Math.floor(fx));
      const f = fx - i;
      return g[i]! * (1 - f) + g[i + 1]! * f;
    }
    const fy = this.cell(y, 1);
    const i = Math.min(G - 2, Math.floor(fx));
    const j = Math.min(G - 2, Math.floor(fy));
    const u = fx - i;
    const v = fy - j;
    const a = g[j * G + i]!;
    const b = g[j * G + i + 1]!;
    const c = g[(j + 1) * G + i]!;
    const e = g[(j + 1) * G + i + 1]!;
    return (a * (1 - u) + b * u) * (1 - v) + (c * (1 - u) + e * u) * v;
  }

  private cell(value: number, axis: number): number {
    const range = this.domain[axis];
    if (!range) return 0;
    const [lo, hi] = range;
    const f = ((value - lo) / (hi - lo)) * (this.G - 1);
    return Math.min(this.G - 1, Math.max(0, Number.isFinite(f) ? f : 0));
  }
}

/**
 * Whether a log height reads better than a linear one: a positive loss whose typical value sits far
 * below its maximum (a narrow valley under high walls: Rosenbrock, Beale), not a bumpy field (Rastrigin).
 */
export function suggestLogScale(surface: Surface): boolean {
  const span = surface.max - surface.min;
  if (surface.domain.length !== 2 || !(surface.min >= 0) || !(span > 0)) return false;
  const sample: number[] = [];
  const stride = Math.max(1, Math.floor(surface.values.length / 4096));
  for (let i = 0; i < surface.values.length; i += stride) sample.push(surface.values[i]!);
  sample.sort((a, b) => a - b);
  const median = sample[Math.floor(sample.length / 2)]!;
  return median - surface.min < 0.2 * span;
}
