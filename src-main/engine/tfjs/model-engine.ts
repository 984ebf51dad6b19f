/**
 * A model run (SPEC §13) on TensorFlow.js as a RunCore: P networks as one tensor Φ [P, D] (float32),
 * each step the estimate or dynamics of model-step.ts (batched forward passes, TensorFlow.js's
 * autodiff, the CPU engine's minibatch rows and noise) and the optimizer table's statements on whole
 * tensors (interpret-optimizer.ts). A particle whose step or loss turns non-finite is frozen at its last
 * finite position with its step, as the formula engine on TensorFlow.js does.
 *
 * A CPU ModelRun of the same run, never stepped, is its mirror (as on WebGPU, webgpu/model-engine.ts):
 * it draws the start weights, and at each read holds the state read back (float32 widened to float64),
 * from which the measures (full training and test loss, accuracy, sharpness) are computed in float64
 * by the CPU engine's own code, so a recording's numbers mean the same on every backend. A hot change
 * goes through the mirror's carry-over and is uploaded again.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { ModelData } from '../../../shared/data/model-data';
import type { Experiment, Run } from '../../../shared/experiment/experiment';
import { learningRate } from '../../../shared/schedule';
import type { HyperPatch, RunCore, RunFrame, RunStats, Tf, TfBackendName } from '../api';
import { hyperBlock, runShape, type RunShape } from '../../../shared/kernel/hyper-block';
import { stepSetup, type StepSetup } from '../model/estimate';
import { ModelRun, type ModelStats } from '../model/model-run';
import { randomStream } from '../random/counter-js';
import { hashKey, Stream } from '../random/streams';
import { frameOf } from '../run-frame';
import type { TfParticles } from './freeze';
import { interpretRule, type TfRule } from './interpret-optimizer';
import { TfNet } from './model-net';
import { modelEstimate, modelFlowStep, modelLangevinStep } from './model-step';
import { TfSwarm } from './tf-swarm';

/** Liveness [P] (bool) from the mirror's statuses (1: alive). */
const aliveTensor = (tf: Tf, alive: ArrayLike<number>): tfjs.Tensor1D =>
  tf.tensor1d(
    Array.from(alive, (v) => v === 1),
    'bool',
  );

/** One model run on TensorFlow.js (see above): P networks in one tensor, measured on its CPU mirror. */
export class TfModelEngine implements RunCore {
  readonly D: number;
  private readonly mirror: ModelRun;
  private readonly net: TfNet;
  private readonly rs = randomStream();
  private readonly keys: StepSetup['keys'];
  private shape!: RunShape;
  private setup!: StepSetup;
  private rule!: TfRule;
  /** The networks' tensors, step and τ (tf-swarm.ts). */
  private readonly swarm: TfSwarm;
  /** Whether the mirror lags behind the tensors. */
  private stale = true;
  private summary: (RunStats & ModelStats) | null = null;

  constructor(
    private readonly tf: Tf,
    readonly backend: TfBackendName,
    experiment: Experiment,
    runIndex: number,
    data: ModelData,
  ) {
    this.mirror = new ModelRun(experiment, runIndex, data);
    this.D = this.mirror.D;
    this.net = new TfNet(tf, experiment.loss.model!, this.mirror.net.layout, data.train);
    const key = (stream: number) => hashKey(experiment.seed, runIndex, stream) | 0;
    this.keys = { batch: key(Stream.batch), gaussian: key(Stream.gaussian), langevin: key(Stream.langevin) };
    this.configure(this.run);
    this.swarm = new TfSwarm(tf, backend !== 'tensorflow-gpu', this.uploaded());
    this.swarm.allAlive = this.mirror.runArrays.alive.every((v) => v === 1);
  }

  get run(): Run {
    return this.mirror.run;
  }

  get t(): number {
    return this.swarm.t;
  }

  /** The rule and the step's setup of `run` (noise factors σ/√B and σ from its hyperparameter block). */
  private configure(run: Run): void {
    this.shape = runShape(run);
    this.setup = stepSetup(run, this.shape, hyperBlock(this.shape), this.keys);
    this.rule?.dispose();
    this.rule = interpretRule(this.tf, this.shape.optimizer, this.shape.batch);
  }

  /** The mirror's positions, state and statuses as tensors. */
  private uploaded(): TfParticles {
    const tf = this.tf;
    const a = this.mirror.runArrays;
    const P = this.run.particles;
    return {
      phi: tf.tensor2d(Float32Array.from(a.phi), [P, this.D]),
      slots: a.slots.map((s) => tf.tensor2d(Float32Array.from(s), [P, this.D])),
      alive: aliveTensor(tf, a.alive),
      death: tf.tensor1d(Int32Array.from(a.death), 'int32'),
    };
  }

  /** η_t of this run (t = 0 gives η_1). */
  private lrAt(t: number): number {
    return learningRate(this.run.schedule, this.shape.optimizer.lr, Math.max(t, 1));
  }

  step(n: number): void {
    for (let k = 0; k < n; k++) this.stepOnce();
    if (n > 0) this.stale = true;
  }

  private stepOnce(): void {
    const tf = this.tf;
    const u = this.setup;
    const { phi, slots } = this.swarm;
    this.swarm.step(
      (t) => this.lrAt(t),
      (t, lr) => {
        if (u.dynamics.type === 'gradient-flow')
          return { ...modelFlowStep(tf, this.net, u.dynamics.substeps, phi, lr), slots };
        if (u.dynamics.type === 'langevin')
          return { ...modelLangevinStep(tf, this.net, u, this.rs, phi, t, lr), slots };
        const est = modelEstimate(tf, this.net, u, this.rs, phi, t);
        const info = { t, lr, batch: u.batch, ...(est.squares ? { exampleSquares: est.squares } : {}) };
        const [next, nextState] = this.rule.step(phi, est.grad, slots, info);
        return { phi: next, slots: nextState, loss: est.loss };
      },
    );
  }

  /** Reads the networks back into the mirror (asynchronously) and measures them. */
  async sync(): Promise<void> {
    if (!this.stale && this.summary) return;
    const { phi: p, alive: l, death: d } = this.swarm;
    const [phi, alive, death] = await Promise.all([p.data(), l.data(), d.data()]);
    this.measure(phi, alive, death);
  }

  /** The mirror from the values read back, then the CPU engine's float64 measures of every particle. */
  private measure(phi: ArrayLike<number>, alive: ArrayLike<number>, death: ArrayLike<number>): void {
    const a = this.mirror.runArrays;
    const P = this.run.particles;
    a.phi.set(phi);
    for (let i = 0; i < P; i++) {
      a.alive[i] = alive[i] ? 1 : 0;
      a.death[i] = death[i]!;
    }
    this.summary = this.mirror.measureAt(this.swarm.t, this.swarm.tau);
    // A network whose full loss is no longer finite stops here, in the tensors too.
    if (a.alive.some((v, i) => v !== (alive[i] ? 1 : 0))) {
      const death = this.tf.tensor1d(Int32Array.from(a.death), 'int32');
      this.swarm.replace({ ...this.swarm.particles, alive: aliveTensor(this.tf, a.alive), death });
    }
    this.swarm.allAlive = a.alive.every((v) => v === 1);
    this.stale = false;
  }

  /** The statistics and the first `max` positions (float64 widened from float32 when `precise`). */
  read(max: number, precise = false): RunFrame {
    const { phi, alive, death } = this.swarm;
    if (this.stale || !this.summary) this.measure(phi.dataSync(), alive.dataSync(), death.dataSync());
    return frameOf(this.summary!, this.mirror.positions64(max), precise);
  }

  /** ∇L at the first network (as last read back), on the CPU in float64. */
  headGradient(): number[] | null {
    if (this.stale || !this.mirror.runArrays.alive[0]) return null;
    return this.mirror.lossAndGrad(this.mirror.runArrays.phi.subarray(0, this.D)).slice(1);
  }

  /** The changed settings from the next step on: through the mirror's carry-over, then uploaded again. */
  setHyper(patch: HyperPatch): void {
    const a = this.mirror.runArrays;
    const swarm = this.swarm;
    a.phi.set(swarm.phi.dataSync());
    swarm.slots.forEach((s, k) => a.slots[k]!.set(s.dataSync()));
    const alive = swarm.alive.dataSync();
    const death = swarm.death.dataSync();
    for (let i = 0; i < alive.length; i++) [a.alive[i], a.death[i]] = [alive[i] ? 1 : 0, death[i]!];
    this.mirror.setHyper(patch);
    this.configure(this.run);
    swarm.replace(this.uploaded());
    swarm.allAlive = a.alive.every((v) => v === 1);
    this.stale = true;
  }

  dispose(): void {
    this.swarm.dispose();
    this.rule.dispose();
    this.net.dispose();
  }
}
