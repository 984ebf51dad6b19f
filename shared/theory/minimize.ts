/**
 * Finding a minimum Φ* of a loss from a nearby start (the final mean of a cloud, or a preset's
 * nominal minimum): damped Newton steps with the Hessian — (H + λI) d = −g, λ raised until the step
 * lowers the loss — which converge in a few steps in a basin and never climb out of one.
 */
import { identity, add, scale, solve } from './linalg';
import type { LossModel } from './loss-model';

export interface MinimizeResult {
  at: number[];
  value: number;
  /** ‖∇L‖ at the result. */
  gradNorm: number;
}

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Minimizes `model` from `start`; stops when the gradient vanishes to rounding or no step helps. */
export function minimizeFrom(model: LossModel, start: readonly number[], maxIter = 100): MinimizeResult {
  let x = [...start];
  let fx = model.value(x);
  let g = model.gradient(x);
  const D = x.length;
  for (let iter = 0; iter < maxIter && Number.isFinite(fx); iter++) {
    if (norm(g) === 0) break;
    const H = model.hessian(x);
    const sizeH = Math.max(1e-12, ...H.flat().map(Math.abs));
    let lambda = 0;
    let moved = false;
    for (let tries = 0; tries < 60; tries++) {
      let d: number[];
      try {
        d = solve(add(H, scale(identity(D), lambda)), g).map((v) => -v);
      } catch {
        d = [];
      }
      if (d.length === D && d.every(Number.isFinite)) {
        const y = x.map((v, i) => v + d[i]!);
        const fy = model.value(y);
        if (fy < fx || (fy === fx && norm(model.gradient(y)) < norm(g))) {
          moved = y.some((v, i) => v !== x[i]);
          x = y;
          fx = fy;
          break;
        }
      }
      lambda = lambda === 0 ? 1e-8 * sizeH : lambda * 10;
    }
    if (!moved) break;
    g = model.gradient(x);
  }
  return { at: x, value: fx, gradNorm: norm(g) };
}
