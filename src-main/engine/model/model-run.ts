/**
 * A model run (SPEC §13) as a RunCore: P copies of the network trained in lockstep, Φ [P × D] in
 * float64, each step the gradient estimate or dynamics (estimate.ts) and the optimizer table's update
 * in a loop over D (update.ts). Every draw is keyed by (stream, particle, step), so the order
 * particles step in changes nothing. A particle whose loss or weights turn non-finite is frozen at
 * its last finite position and its step recorded, as in the formula kernels. `read`'s statistics add the test
 * loss and, for class labels, the training and test accuracy (means over the live particles).
 */
import { isLabeled, type ModelData } from '../../../shared/data/model-data';
import { learningRate } from '../../../shared/schedule';
import type { Experiment, Model, Run } from '../../../shared/experiment/experiment';
import type { HyperPatch, RunCore, RunFrame, RunStats } from '../api';
import { carriedArrays, carryOver, patchedRun } from '../carry-over';
import { allocateArrays, type RunArrays } from '../compiled/arrays';
import { hyperBlock, runShape, type RunShape } from '../../../shared/kernel/hyper-block';
import { hashKey, Stream } from '../random/streams';
import { frameOf } from '../run-frame';
import { sharpness } from './hessian';
import { estimate, flowStep, langevinStep, StepScratch, stepSetup, type StepContext, type StepSetup } from './estimate';
import { initialWeights } from './init';
import { MEASURES, measureRange, summarizeMeasures } from './measures';
import { Mlp } from './mlp';
import { randomStream, type RandomStream } from '../random/counter-js';
import { modelUpdate, type ModelUpdate } from './update';

/** Steps a block takes at most (its per-step values are computed once for every particle). */
export const STEP_BLOCK = 4096;

/** The model statistics a step adds to RunStats (NaN where not defined). */
export interface ModelStats {
  testLoss: number;
  accuracy: number;
  testAccuracy: number;
  /** The largest Hessian eigenvalue at the first particle (only when `record.sharpness` asks; NaN once it stopped). */
  sharpness?: number;
}

/** The network of a model experiment over its data, checked against the data's kind. */
export function modelNet(model: Model, data: ModelData): Mlp {
  const train = data.train;
  if (model.output === 'linear' && isLabeled(train))
    throw new Error('loss.model.output: linear needs real targets; these data have class labels');
  if (model.output !== 'linear' && !isLabeled(train))
    throw new Error(`loss.model.output: ${model.output} needs class labels; these data have real targets`);
  if (model.output === 'logistic' && isLabeled(train) && train.classes !== 2)
    throw new Error(`loss.model.output: logistic needs 2 classes; these data have ${train.classes} (use softmax)`);
  return new Mlp(model, train.inputs, isLabeled(train) ? train.classes : train.outputs);
}

export class ModelRun implements RunCore {
  readonly net: Mlp;
  readonly D: number;
  private current: Run;
  private shape!: RunShape;
  private hyper!: Float64Array;
  private update_!: ModelUpdate;
  private setup!: StepSetup;
  private context!: StepContext;
  private arrays: RunArrays;
  private readonly start: Float64Array;
  private readonly rs: RandomStream = randomStream();
  private readonly scratch: StepScratch;
  private readonly NX: Float64Array;
  private NS: Float64Array[] = [];
  /** η_t and the rule's per-step values of each step of a block, `width` numbers a step. */
  private V = new Float64Array(0);
  private width = 1;
  private step_ = 0;
  private tau = 0;
  private readonly keys: { start: number; batch: number; gaussian: number; langevin: number };
  private readonly withSharpness: boolean;
  private measures: Float64Array;
  private readonly from: number;
  private readonly end: number | undefined;
  /** Shared between threads: the next particle to step (model-threads.ts resets it before each step). */
  private readonly next: Int32Array | undefined;

  /**
   * Run `runIndex` of a model experiment over its data. `shared`: the run's arrays shared with other
   * threads, of which this engine measures particles [from, to) alone and steps those it takes from
   * `next` (all of them from one thread, in any order: each particle's steps depend on it alone);
   * the engine with from = 0 places every particle at its start, the others none.
   */
  constructor(
    experiment: Experiment,
    private readonly runIndex: number,
    private readonly data: ModelData,
    shared?: { arrays: RunArrays; measures: Float64Array; from: number; to: number; next: Int32Array },
  ) {
    const model = experiment.loss.model;
    if (!model) throw new Error('not a model loss');
    const run = experiment.runs[runIndex];
    if (!run) throw new Error(`no run ${runIndex}`);
    this.net = modelNet(model, data);
    this.D = this.net.D;
    const key = (stream: number) => hashKey(experiment.seed, runIndex, stream) | 0;
    this.keys = {
      start: key(Stream.start),
      batch: key(Stream.batch),
      gaussian: key(Stream.gaussian),
      langevin: key(Stream.langevin),
    };
    if (run.start.length !== 0 && run.start.length !== this.D)
      throw new Error(
        `runs[${runIndex}].start: needs ${this.D} numbers (the model's weights, SPEC §13 layout), got ${run.start.length}`,
      );
    this.start =
      run.start.length === this.D
        ? Float64Array.from(run.start)
        : initialWeights(this.net.layout, model.activation, run.initSeed ?? experiment.seed);
    this.current = run;
    this.withSharpness = experiment.record.sharpness === true;
    this.scratch = new StepScratch(this.D);
    this.NX = new Float64Array(this.D);
    this.configure(run);
    this.arrays = shared?.arrays ?? allocateArrays(run.particles, this.D, this.shape.rule.slots.length, false);
    this.measures = shared?.measures ?? new Float64Array(run.particles * MEASURES);
    this.from = shared?.from ?? 0;
    this.end = shared?.to;
    this.next = shared?.next;
    if (this.from === 0) this.init(this.arrays.phi, 0, run.particles);
  }

  /** The end of this engine's particle range. */
  private to(): number {
    return this.end ?? this.current.particles;
  }

  /** The run's arrays (shared with other threads when `shared` was given). */
  get runArrays(): RunArrays {
    return this.arrays;
  }

  get run(): Run {
    return this.current;
  }

  get t(): number {
    return this.step_;
  }

  private configure(run: Run): void {
    this.shape = runShape(run);
    this.hyper = hyperBlock(this.shape);
    this.update_ = modelUpdate(this.shape);
    this.setup = stepSetup(run, this.shape, this.hyper, this.keys);
    this.context = { net: this.net, train: this.data.train, u: this.setup, rs: this.rs, s: this.scratch };
    this.NS = this.shape.rule.slots.map(() => new Float64Array(this.D));
    this.width = 1 + (this.shape.rule.perStep?.names.length ?? 0);
    this.V = new Float64Array(0);
  }

  /** Particles [p0, p1) at the start plus spread·N(0, 1) per coordinate (stream `start`, step 0). */
  private init(phi: Float64Array, p0: number, p1: number): void {
    const D = this.D;
    const spread = this.current.spread;
    for (let i = p0; i < p1; i++) {
      phi.set(this.start, i * D);
      if (spread === 0) continue;
      this.rs.seed(this.keys.start, i, 0);
      this.rs.normals(this.scratch.E, 0, D);
      for (let d = 0; d < D; d++) phi[i * D + d]! += spread * this.scratch.E[d]!;
    }
  }

  /** η_t and the rule's per-step values of step t, into out[o…]. */
  private values(t: number, out: Float64Array, o: number): void {
    const opt = this.shape.optimizer;
    out[o] = learningRate(this.current.schedule, opt.lr, t);
    this.shape.rule.perStep?.values(opt, t, this.shape.batch).forEach((v, j) => (out[o + 1 + j] = v));
  }

  /** n steps, in blocks of at most STEP_BLOCK (a shared engine takes one block per call: model-threads.ts). */
  step(n: number): void {
    if (this.next && n > STEP_BLOCK) throw new Error(`a shared model engine steps at most ${STEP_BLOCK} at once`);
    for (let done = 0; done < n; done += STEP_BLOCK) this.block(Math.min(STEP_BLOCK, n - done));
  }

  /**
   * n ≤ STEP_BLOCK steps: each particle this engine steps takes its n steps in turn (its weights and
   * state stay in cache), with η_t and the per-step values of each step computed once for all; then
   * the clock advances by n (τ += η_t in step order).
   */
  private block(n: number): void {
    const t0 = this.step_;
    const w = this.width;
    if (this.V.length < n * w) this.V = new Float64Array(STEP_BLOCK * w);
    const V = this.V;
    for (let k = 0; k < n; k++) this.values(t0 + k + 1, V, k * w);
    const P = this.current.particles;
    const next = this.next;
    if (next) for (let i = Atomics.add(next, 0, 1); i < P; i = Atomics.add(next, 0, 1)) this.stepSteps(i, t0, n);
    else for (let i = this.from; i < this.to(); i++) this.stepSteps(i, t0, n);
    for (let k = 0; k < n; k++) this.tau += V[k * w]!;
    this.step_ = t0 + n;
  }

  /** Steps t0 + 1 … t0 + n of particle i (their values in V), until it dies. */
  private stepSteps(i: number, t0: number, n: number): void {
    const alive = this.arrays.alive;
    for (let k = 0; k < n && alive[i]; k++) this.stepParticle(i, t0 + k + 1, k * this.width);
  }

  private stepParticle(i: number, t: number, vo: number): void {
    const v = this.V;
    const a = this.arrays;
    const D = this.D;
    const o = i * D;
    const u = this.setup;
    const dyn = u.dynamics;
    let L: number;
    let ok = true;
    if (dyn.type === 'gradient-flow')
      L = flowStep(this.net, this.data.train, dyn.substeps, this.scratch, a.phi, o, v[vo]!, this.NX);
    else if (dyn.type === 'langevin') L = langevinStep(this.context, a.phi, o, i, t, v[vo]!, this.NX);
    else {
      L = estimate(this.context, a.phi, o, i, t);
      ok = this.update_(a.phi, a.slots, this.NX, this.NS, o, D, this.scratch.G, this.scratch.Q, v, vo, this.hyper);
    }
    if (dyn.type !== 'sgd') for (let d = 0; d < D && ok; d++) ok = Number.isFinite(this.NX[d]!);
    if (!(L - L === 0) || !ok) {
      a.alive[i] = 0;
      a.death[i] = L - L === 0 ? t : Math.max(t - 1, 1);
      return;
    }
    a.phi.set(this.NX, o);
    if (dyn.type === 'sgd') this.NS.forEach((ns, s) => a.slots[s]!.set(ns, o));
  }

  /** The full training loss and its gradient at Φ = x: [L, g_1 … g_D]. */
  lossAndGrad(x: ArrayLike<number>): number[] {
    const phi = Float64Array.from(x);
    const g = new Float64Array(this.D);
    const L = this.net.meanGrad(phi, 0, this.data.train, null, this.data.train.n, g, 0);
    return [L, ...g];
  }

  /** Measures this engine's particles at the current step (into the run's measures array). */
  measure(): void {
    measureRange(this.net, this.data, this.arrays, this.from, this.to(), this.step_, this.measures);
  }

  /** The run's statistics from the measures of all its particles (after every range was measured). */
  summary(): RunStats & ModelStats {
    const s = summarizeMeasures(this.arrays, this.current.particles, this.measures);
    const a = this.arrays;
    return {
      t: this.step_,
      lr: learningRate(this.current.schedule, this.shape.optimizer.lr, Math.max(this.step_, 1)),
      examples: this.step_ * this.shape.batch,
      tau: this.tau,
      ...s,
      ...(this.withSharpness
        ? { sharpness: a.alive[0] ? sharpness(this.net, a.phi, 0, this.data.train).value : NaN }
        : {}),
    };
  }

  /**
   * As a mirror (a ModelRun never stepped that holds another engine's state, read back into
   * `runArrays`): sets the clock to that engine's step t and elapsed time τ = Σ η, then measures
   * every particle and returns the run's statistics, as `read` would at step t.
   */
  measureAt(t: number, tau: number): RunStats & ModelStats {
    this.step_ = t;
    this.tau = tau;
    this.measure();
    return this.summary();
  }

  /** The statistics (every particle measured) and the first `max` positions (float64 when `precise`). */
  read(max: number, precise = false): RunFrame {
    this.measure();
    return frameOf(this.summary(), this.positions64(max), precise);
  }

  positions64(max: number): Float64Array {
    const m = Math.max(0, Math.min(max, this.current.particles));
    return this.arrays.phi.slice(0, m * this.D);
  }

  /** The changed settings from the next step on, particles and state carried over as `carryOver` says. */
  setHyper(patch: HyperPatch): void {
    const old = this.current;
    const run = patchedRun(old, patch);
    const slotsBefore = this.shape.rule.slots.length;
    this.current = run;
    this.configure(run);
    const D = this.D;
    const c = carryOver(old, slotsBefore, run, this.shape.rule.slots.length);
    if (c.inPlace) return;
    this.arrays = carriedArrays(this.arrays, c, run.particles, D, this.shape.rule.slots.length, (phi, p0, p1) =>
      this.init(phi, p0, p1),
    );
    this.measures = new Float64Array(run.particles * MEASURES);
  }

  /** Plain typed arrays: nothing to free by hand. */
  dispose(): void {}
}
