/**
 * Finding a minimum Φ* of a network's loss from a nearby start (the final mean of a cloud), where H
 * is often indefinite or nearly singular away from Φ*: saddle-free Newton steps in H's eigenbasis with
 * Levenberg–Marquardt damping μ,
 *   d = −Σ_i u_i (u_i · g) / (|λ_i| + μ),
 * μ cut by 10 after a step that lowers the loss and raised by 10 after one that does not. Near a
 * strict minimum (μ → 0, λ_i > 0) this is Newton's step and converges quadratically; along negative
 * curvature it descends instead of climbing to a saddle.
 */
import { symmetricEigen } from './eigen';
import type { LossModel } from './loss-model';
import type { MinimizeResult } from './minimize';

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Minimizes `model` from `start`; stops when ‖g‖ ≤ tol or no damping finds a lower loss. */
export function minimizeSaddleFree(
  model: LossModel,
  start: readonly number[],
  opts: { maxIter?: number; tol?: number } = {},
): MinimizeResult {
  const maxIter = opts.maxIter ?? 200;
  const tol = opts.tol ?? 0;
  let x = [...start];
  let fx = model.value(x);
  let g = model.gradient(x);
  const D = x.length;
  let mu = -1;
  for (let iter = 0; iter < maxIter && Number.isFinite(fx) && norm(g) > tol; iter++) {
    const { values, vectors } = symmetricEigen(model.hessian(x));
    const big = Math.max(1e-300, ...values.map(Math.abs));
    if (mu < 0) mu = 1e-10 * big;
    const proj = vectors.map((u) => u.reduce((s, v, k) => s + v * g[k]!, 0));
    let moved = false;
    for (let tries = 0; tries < 40 && !moved; tries++) {
      const y = [...x];
      values.forEach((l, i) => {
        const c = proj[i]! / (Math.abs(l) + mu);
        const u = vectors[i]!;
        for (let k = 0; k < D; k++) y[k]! -= c * u[k]!;
      });
      const fy = model.value(y);
      const gy = fy <= fx ? model.gradient(y) : null;
      if (gy && (fy < fx || norm(gy) < norm(g))) {
        moved = y.some((v, k) => v !== x[k]);
        x = y;
        fx = fy;
        g = gy;
        mu = Math.max(mu / 10, 1e-14 * big);
      } else mu *= 10;
    }
    if (!moved) break;
  }
  return { at: x, value: fx, gradNorm: norm(g) };
}
