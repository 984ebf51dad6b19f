/**
 * The independent reference of the hot-change tests (engine-hyper, webgpu-hyper): a loss over 10⁶
 * generated rows and a hand-written float64 heavy-ball loop over the same rows.
 */
import type { DataSet } from '../../src-main/engine/api';

/** ½(x u + y v − w)² over 10⁶ generated rows. */
export const HYPER_LOSS = {
  expr: '0.5*(x*u + y*v - w)^2',
  data: { n: 1_000_000, vars: { u: { normal: [0, 1] }, v: { normal: [1, 0.5] }, w: { uniform: [0, 2] } } },
};

/** Heavy ball v = β v + η g, x −= v (β = 1 − 1/N) on ½(x u + y v − w)², from its own moment sums. */
export class Reference {
  private readonly m: { uu: number; uv: number; vv: number; uw: number; vw: number };
  constructor(data: DataSet) {
    const [u, v, w] = data.columns as [Float64Array, Float64Array, Float64Array];
    const m = { uu: 0, uv: 0, vv: 0, uw: 0, vw: 0 };
    for (let j = 0; j < data.n; j++) {
      m.uu += u[j]! * u[j]!;
      m.uv += u[j]! * v[j]!;
      m.vv += v[j]! * v[j]!;
      m.uw += u[j]! * w[j]!;
      m.vw += v[j]! * w[j]!;
    }
    for (const k of Object.keys(m) as (keyof typeof m)[]) m[k] /= data.n;
    this.m = m;
  }

  /** ∇ of the mean loss at (x, y): E[(x u + y v − w) u], E[(x u + y v − w) v]. */
  grad(x: number, y: number): [number, number] {
    const m = this.m;
    return [x * m.uu + y * m.uv - m.uw, x * m.uv + y * m.vv - m.vw];
  }

  /** `steps` heavy-ball steps from step t0 (η_t = lr(t)) of the particles' positions `phi` and momenta `vel`. */
  run(phi: number[], vel: number[], t0: number, steps: number, lr: (t: number) => number, N: number): void {
    const beta = 1 - 1 / N;
    for (let t = t0 + 1; t <= t0 + steps; t++)
      for (let i = 0; i < phi.length / 2; i++) {
        const g = this.grad(phi[2 * i]!, phi[2 * i + 1]!);
        for (let d = 0; d < 2; d++) {
          vel[2 * i + d] = beta * vel[2 * i + d]! + lr(t) * g[d]!;
          phi[2 * i + d]! -= vel[2 * i + d]!;
        }
      }
  }
}
