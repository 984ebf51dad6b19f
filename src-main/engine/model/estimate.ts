/**
 * One step of one particle of a model run, before the optimizer's update: the gradient estimate
 * (SPEC §2 with §13's model forms) and the dynamics that replace the update (SPEC §6), over Φ in a
 * loop over D. Random draws come from the counter-based stream of (stream key, particle, step).
 *
 * - exact: ĝ = ∇L = (1/n) Σ_j ∇L_j over the training rows;
 * - minibatch: ĝ = (1/B) Σ_b ∇L_{j_b}, j_b uniform with replacement;
 * - gaussian: ĝ = ∇L + (σ/√B) z, z ~ N(0, I) (Σ = σ² I);
 *   with q = Σ_b ĝ_b² (second moments over examples), ĝ_b = ∇L + σ z_b and ĝ their mean;
 * - gradient flow: dΦ/dτ = −∇L, classical RK4, `substeps` steps of h = η/substeps;
 * - Langevin: Φ += −∇L dt + √(η dt) ε per substep (dt = η/substeps), ε ~ N(0, Σ/B): gaussian
 *   ε = (σ/√B) z; minibatch ε = (1/√(m − 1)) Σ_j z_j (g_j − ḡ)/√B over m = sigmaSample fresh
 *   examples, z_j ~ N(0, 1), whose covariance is the unbiased per-example covariance ÷ B.
 */
import type { ModelExamples } from '../../../shared/data/model-data';
import type { Run } from '../../../shared/experiment/experiment';
import type { RunShape } from '../../../shared/kernel/hyper-block';
import type { Mlp } from './mlp';
import type { RandomStream } from '../random/counter-js';

/** What a particle's step reads besides its position. */
export interface StepSetup {
  gradient: Run['gradient'];
  dynamics: Run['dynamics'];
  batch: number;
  needsExamples: boolean;
  /** Noise factors: σ/√B (`nf`) and σ (`ef`) of a gaussian estimate, else 0. */
  nf: number;
  ef: number;
  keys: { batch: number; gaussian: number; langevin: number };
}

/**
 * The step's setup of `run` with shape `shape`: the noise factors nf = σ/√B and ef = σ read from its
 * hyperparameter block `hyper` (after the C constants, the M noise entries of each), 0 without noise.
 */
export function stepSetup(run: Run, shape: RunShape, hyper: Float64Array, keys: StepSetup['keys']): StepSetup {
  const C = shape.layout.constants.length;
  const M = shape.layout.noise.length;
  return {
    gradient: run.gradient,
    dynamics: run.dynamics,
    batch: shape.batch,
    needsExamples: shape.needsExamples,
    nf: M > 0 ? hyper[C]! : 0,
    ef: M > 0 ? hyper[C + M]! : 0,
    keys,
  };
}

/** Scratch vectors of one run's steps (D each; rows for the draws). */
export class StepScratch {
  readonly G: Float64Array;
  readonly Q: Float64Array;
  readonly E: Float64Array;
  readonly Y: Float64Array;
  readonly A: Float64Array;
  readonly K: Float64Array[];
  rows: Int32Array = new Int32Array(0);
  z: Float64Array = new Float64Array(0);

  constructor(readonly D: number) {
    this.G = new Float64Array(D);
    this.Q = new Float64Array(D);
    this.E = new Float64Array(D);
    this.Y = new Float64Array(D);
    this.A = new Float64Array(D);
    this.K = [0, 1, 2, 3].map(() => new Float64Array(D));
  }

  /** Room for `rows` row draws and `normals` normal draws. */
  reserve(rows: number, normals: number): void {
    if (this.rows.length < rows) this.rows = new Int32Array(rows);
    if (this.z.length < normals) this.z = new Float64Array(normals);
  }
}

/** What a particle's step works with besides its position: the net, the training rows, the setup, the draws and the scratch. */
export interface StepContext {
  net: Mlp;
  train: ModelExamples;
  u: StepSetup;
  rs: RandomStream;
  s: StepScratch;
}

/**
 * ĝ (into s.G) and, when the rule reads it, q (into s.Q) for the particle at X[o…] at step t;
 * returns the loss the step sees (the batch's mean, or the full loss).
 */
export function estimate(c: StepContext, X: Float64Array, o: number, i: number, t: number): number {
  const { net, train, u, rs, s } = c;
  const { D, G, Q, E } = s;
  const g = u.gradient;
  const B = u.batch;
  if (g.kind === 'minibatch') {
    s.reserve(B, 0);
    rs.seed(u.keys.batch, i, t);
    rs.picks(s.rows, B, train.n);
    if (!u.needsExamples) return net.meanGrad(X, o, train, s.rows, B, G, 0);
    G.fill(0);
    Q.fill(0);
    let L = 0;
    for (let b = 0; b < B; b++) {
      E.fill(0);
      L += net.exampleGrad(X, o, train, s.rows[b]!, E, 0, 1);
      for (let d = 0; d < D; d++) {
        G[d]! += E[d]! / B;
        Q[d]! += E[d]! * E[d]!;
      }
    }
    return L / B;
  }
  const L = net.meanGrad(X, o, train, null, train.n, G, 0);
  if (g.kind === 'exact') {
    if (u.needsExamples) for (let d = 0; d < D; d++) Q[d] = G[d]! * G[d]!;
    return L;
  }
  rs.seed(u.keys.gaussian, i, t);
  if (!u.needsExamples) {
    s.reserve(0, D);
    rs.normals(s.z, 0, D);
    for (let d = 0; d < D; d++) G[d]! += u.nf * s.z[d]!;
    return L;
  }
  s.reserve(0, D);
  E.set(G);
  G.fill(0);
  Q.fill(0);
  for (let b = 0; b < B; b++) {
    rs.normals(s.z, 0, D);
    for (let d = 0; d < D; d++) {
      const e = E[d]! + u.ef * s.z[d]!;
      G[d]! += e;
      Q[d]! += e * e;
    }
  }
  for (let d = 0; d < D; d++) G[d]! /= B;
  return L;
}

/** Gradient flow, RK4: the new position into NX; returns the full loss at the step's start. */
export function flowStep(
  net: Mlp,
  train: ModelExamples,
  substeps: number,
  s: StepScratch,
  X: Float64Array,
  o: number,
  lr: number,
  NX: Float64Array,
): number {
  const { D, Y, A, K } = s;
  const h = lr / substeps;
  const n = train.n;
  for (let d = 0; d < D; d++) Y[d] = X[o + d]!;
  let L = NaN;
  for (let u = 0; u < substeps; u++) {
    const L1 = net.meanGrad(Y, 0, train, null, n, K[0]!, 0);
    if (u === 0) L = L1;
    for (let c = 1; c < 4; c++) {
      const f = c === 3 ? h : h / 2;
      for (let d = 0; d < D; d++) A[d] = Y[d]! - f * K[c - 1]![d]!;
      net.meanGrad(A, 0, train, null, n, K[c]!, 0);
    }
    for (let d = 0; d < D; d++) Y[d] = Y[d]! - (K[0]![d]! + 2 * K[1]![d]! + 2 * K[2]![d]! + K[3]![d]!) * (h / 6);
  }
  NX.set(Y);
  return L;
}

/** Langevin: the new position into NX; returns the full loss at the step's start. */
export function langevinStep(
  c: StepContext,
  X: Float64Array,
  o: number,
  i: number,
  t: number,
  lr: number,
  NX: Float64Array,
): number {
  const { net, train, u, rs, s } = c;
  const dyn = u.dynamics as Extract<Run['dynamics'], { type: 'langevin' }>;
  const { D, G, Y, E, A } = s;
  const dt = lr / dyn.substeps;
  const amp = Math.sqrt(lr * dt);
  const m = dyn.sigmaSample;
  const kind = u.gradient.kind;
  s.reserve(m, Math.max(D, m));
  for (let d = 0; d < D; d++) Y[d] = X[o + d]!;
  rs.seed(u.keys.langevin, i, t);
  let L = NaN;
  for (let step = 0; step < dyn.substeps; step++) {
    const Lu = net.meanGrad(Y, 0, train, null, train.n, G, 0);
    if (step === 0) L = Lu;
    if (kind === 'exact') {
      for (let d = 0; d < D; d++) Y[d] = Y[d]! - G[d]! * dt;
    } else if (kind === 'gaussian') {
      rs.normals(s.z, 0, D);
      for (let d = 0; d < D; d++) Y[d] = Y[d]! - G[d]! * dt + amp * (u.nf * s.z[d]!);
    } else {
      // ε = (Σ_j z_j g_j − (Σ_j z_j) ḡ) / √((m − 1) B): no D × D matrix, no m × D one.
      rs.picks(s.rows, m, train.n);
      rs.normals(s.z, 0, m);
      A.fill(0);
      E.fill(0);
      let zsum = 0;
      const gj = s.K[0]!;
      for (let j = 0; j < m; j++) {
        const zj = s.z[j]!;
        zsum += zj;
        gj.fill(0);
        net.exampleGrad(Y, 0, train, s.rows[j]!, gj, 0, 1);
        for (let d = 0; d < D; d++) {
          A[d]! += zj * gj[d]!;
          E[d]! += gj[d]! / m;
        }
      }
      const scale = amp / Math.sqrt((m - 1) * u.batch);
      for (let d = 0; d < D; d++) Y[d] = Y[d]! - G[d]! * dt + scale * (A[d]! - zsum * E[d]!);
    }
  }
  NX.set(Y);
  return L;
}
