/**
 * One run's particle ensemble stepping on TensorFlow.js: Φ [P, D], the optimizer state, a liveness
 * mask and each particle's divergence step, all tensors; no JS loop over particles. A particle whose
 * parameters or loss turn non-finite is frozen at its last finite position and counted; the others go on.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import { parseFormula } from '../../../shared/formula/parse';
import { learningRate } from '../../../shared/schedule';
import type { Optimizer, Run } from '../../../shared/experiment/experiment';
import { effectiveOptimizer, runBatch } from '../../../shared/experiment/hyper';
import type { EngineContext, HyperPatch, RunCore, RunFrame, RunStats, Tf } from '../api';
import { carryOver, patchedRun } from '../carry-over';
import { CompiledEnsemble } from '../compiled/ensemble';
import { gradientFlowStep, langevinStep } from './dynamics';
import { GradientEstimator } from './gradient';
import { compileFormula } from '../loss/compile';
import { Objective } from './objective';
import { interpretRule, type TfRule } from './interpret-optimizer';
import { TfSwarm } from './tf-swarm';
import { Stream, streamRng } from '../random/streams';

const ALIVE = 2 ** 31 - 1;

/** The engine of run `runIndex`: the compiled kernels (compiled, webgpu), else an Ensemble on TensorFlow.js. */
export function createRunCore(ctx: EngineContext, runIndex: number): RunCore {
  // `webgpu` here: the same kernels on the CPU. The lab's GPU runs are GpuEnsembles (webgpu/gpu-ensemble.ts,
  // built by the worker's adapter), whole experiments run on the GPU through runExperiment.
  if (ctx.backend === 'compiled' || ctx.backend === 'webgpu')
    return new CompiledEnsemble(ctx.experiment, runIndex, ctx.data);
  return new Ensemble(ctx, runIndex);
}

/** Start positions of particles [from, to): start + N(0, spread²), from the run's start stream. */
function startRows(tf: Tf, run: Run, seed: number, runIndex: number, from: number, to: number): tfjs.Tensor2D {
  const D = run.start.length;
  const z = streamRng(seed, runIndex, 0, Stream.start).normals(to * D);
  const rows = new Float32Array((to - from) * D);
  for (let i = 0; i < rows.length; i++) rows[i] = run.start[i % D]! + run.spread * z[from * D + i]!;
  return tf.tensor2d(rows, [to - from, D]);
}

export class Ensemble implements RunCore {
  private readonly tf: Tf;
  private readonly objective: Objective;
  private currentRun: Run;
  private opt!: Optimizer;
  private rule!: TfRule;
  private estimator!: GradientEstimator;
  /** The particles' tensors, step and τ (tf-swarm.ts). */
  private readonly swarm: TfSwarm;

  constructor(
    private readonly ctx: EngineContext,
    private readonly runIndex: number,
  ) {
    if (!ctx.tf) throw new Error(`backend ${ctx.backend} needs TensorFlow.js`);
    this.tf = ctx.tf;
    const run = ctx.experiment.runs[runIndex];
    if (!run) throw new Error(`no run ${runIndex}`);
    this.currentRun = run;
    const loss = ctx.experiment.loss;
    const ast = parseFormula(loss.expr, { params: loss.params, dataVars: ctx.data.vars });
    const usesAll = loss.params.every((p) => ast.params.includes(p));
    this.objective = new Objective(this.tf, compileFormula(this.tf, ast), loss.params, ctx.data, usesAll);
    this.configure(run);
    const phi = startRows(this.tf, run, ctx.experiment.seed, runIndex, 0, run.particles);
    this.swarm = new TfSwarm(this.tf, ctx.backend !== 'tensorflow-gpu', {
      phi,
      slots: this.rule.init(phi),
      alive: this.tf.ones([run.particles], 'bool'),
      death: this.tf.fill([run.particles], ALIVE, 'int32'),
    });
  }

  get run(): Run {
    return this.currentRun;
  }

  get t(): number {
    return this.swarm.t;
  }

  private configure(run: Run): void {
    this.opt = effectiveOptimizer(run);
    this.rule?.dispose();
    this.rule = interpretRule(this.tf, this.opt, runBatch(run));
    this.estimator?.dispose();
    this.estimator = new GradientEstimator(this.tf, this.objective, run.gradient, {
      seed: this.ctx.experiment.seed,
      runIndex: this.runIndex,
      perExample: this.rule.needsExamples,
    });
  }

  /** η_t of this run (t = 0 gives η_1). */
  lrAt(t: number): number {
    return learningRate(this.currentRun.schedule, this.opt.lr, Math.max(t, 1));
  }

  step(n: number): void {
    for (let i = 0; i < n; i++) this.stepOnce();
  }

  private stepOnce(): void {
    const tf = this.tf;
    const dyn = this.currentRun.dynamics;
    const { phi, slots } = this.swarm;
    this.swarm.step(
      (t) => this.lrAt(t),
      (t, lr) => {
        if (dyn.type === 'gradient-flow')
          return { ...gradientFlowStep(tf, this.objective, phi, lr, dyn.substeps), slots };
        if (dyn.type === 'langevin') {
          const seed = this.ctx.experiment.seed;
          const next = langevinStep(tf, this.objective, this.estimator, dyn, phi, lr, t, {
            seed,
            runIndex: this.runIndex,
          });
          return { ...next, slots };
        }
        const est = this.estimator.estimate(phi, t);
        const info = { t, lr, batch: est.batch, ...(est.exampleSquares ? { exampleSquares: est.exampleSquares } : {}) };
        const [next, nextState] = this.rule.step(phi, est.grad, slots, info);
        return { phi: next, slots: nextState, loss: est.loss };
      },
    );
  }

  /** The statistics and the first `max` positions (float32: TensorFlow.js keeps no float64). */
  read(max: number): RunFrame {
    return { stats: this.stats(), positions: this.positions(max) };
  }

  private stats(): RunStats {
    const tf = this.tf;
    const t = this.swarm.t;
    // A non-finite full loss also stops a particle (at step t).
    const [alive, death, summary] = tf.tidy(() => {
      const { phi, alive, death: before } = this.swarm;
      const L = this.objective.loss(phi);
      const live = tf.logicalAnd(alive, tf.isFinite(L));
      const died = tf.logicalAnd(alive, tf.logicalNot(live));
      const death = tf.where(died, tf.fill(before.shape, Math.max(t, 1), 'int32'), before);
      const count = tf.sum(tf.cast(live, 'float32'));
      const zero = tf.zerosLike(L);
      const sum = tf.sum(tf.where(live, L, zero));
      const min = tf.min(tf.where(live, L, tf.fill(L.shape, Infinity)));
      const max = tf.max(tf.where(live, L, tf.fill(L.shape, -Infinity)));
      const first = tf.cast(tf.min(death), 'float32');
      return [live, death, tf.stack([count, sum, min, max, first])] as const;
    });
    const [count, sum, min, max, first] = Array.from(summary.dataSync());
    summary.dispose();
    this.swarm.replace({ ...this.swarm.particles, alive: alive as tfjs.Tensor1D, death: death as tfjs.Tensor1D });
    const P = this.currentRun.particles;
    const dead = P - count!;
    this.swarm.allAlive = dead === 0;
    return {
      t,
      lr: this.lrAt(t),
      loss: count! > 0 ? sum! / count! : NaN,
      lossMin: count! > 0 ? min! : NaN,
      lossMax: count! > 0 ? max! : NaN,
      examples: t * this.estimator.batch,
      tau: this.swarm.tau,
      diverged: dead > 0 ? { step: Math.round(first!), particles: dead } : null,
    };
  }

  private positions(max: number): Float32Array {
    const m = Math.max(0, Math.min(max, this.currentRun.particles));
    if (m === 0) return new Float32Array(0);
    const rows = this.tf.slice(this.swarm.phi, [0, 0], [m, -1]);
    const out = rows.dataSync() as Float32Array;
    rows.dispose();
    return out;
  }

  /** The changed settings from the next step on; particles and state carried over as `carryOver` says. */
  setHyper(patch: HyperPatch): void {
    const tf = this.tf;
    const old = this.currentRun;
    const run = patchedRun(old, patch);
    const slotsBefore = this.rule.slots;
    this.currentRun = run;
    this.configure(run);
    const c = carryOver(old, slotsBefore, run, this.rule.slots);
    const P0 = old.particles;
    const P = run.particles;
    const [phi, state, alive, death] = tf.tidy(() => {
      const resize = (x: tfjs.Tensor, fill: () => tfjs.Tensor) =>
        c.added === 0 ? tf.slice(x, 0, c.kept) : tf.concat([x, fill()]);
      const cur = this.swarm;
      const D = cur.phi.shape[1];
      const phi = resize(cur.phi, () => startRows(tf, run, this.ctx.experiment.seed, this.runIndex, P0, P));
      const state = c.keepSlots ? cur.slots.map((s) => resize(s, () => tf.zeros([P - P0, D]))) : this.rule.init(phi);
      const alive = resize(cur.alive, () => tf.ones([P - P0], 'bool'));
      const death = resize(cur.death, () => tf.fill([P - P0], ALIVE, 'int32'));
      return [phi, state, alive, death] as const;
    });
    this.swarm.replace({
      phi: phi as tfjs.Tensor2D,
      slots: state,
      alive: alive as tfjs.Tensor1D,
      death: death as tfjs.Tensor1D,
    });
  }

  dispose(): void {
    this.swarm.dispose();
    this.estimator.dispose();
    this.rule.dispose();
    this.objective.dispose();
  }
}
