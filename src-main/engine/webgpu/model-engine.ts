/**
 * A model run (SPEC §13) on the GPU as a RunEngine: P networks stepping in float32 in one dispatch
 * (model-gpu-run.ts), with the minibatch rows of the CPU engine. A CPU ModelRun of the same run, never
 * stepped, is its mirror: it draws the start weights, holds the network and, at each `sync`, the
 * state read back (float32 widened to float64), from which the measures (full training and test loss,
 * accuracy, sharpness) are computed in float64 by the CPU engine's own code (measures.ts), so a
 * recording's numbers mean the same on both backends. A hot change keeps the kernel when the printed
 * shader and the particles stay (new hyperparameters only); any other goes through the mirror's
 * carry-over and a new kernel.
 */
import type { ModelData } from '../../../shared/data/model-data';
import type { Experiment, Run } from '../../../shared/experiment/experiment';
import type { HyperPatch, RunCore, RunFrame, RunStats } from '../api';
import { patchedRun } from '../carry-over';
import { hyperBlock, runShape } from '../../../shared/kernel/hyper-block';
import { modelKernelRefusal, wgslModelSource, type ModelKernelSpec } from '../kernel/wgsl-model';
import { ModelRun, type ModelStats } from '../model/model-run';
import { hashKey, Stream } from '../random/streams';
import { frameOf } from '../run-frame';
import type { GpuHandle } from './device';
import { ModelGpuRun, type ModelGpuState } from './model-gpu-run';

/** One model run on the GPU (see above), built by `create`, measured on its CPU mirror. */
export class GpuModelEngine implements RunCore {
  readonly backend = 'webgpu' as const;
  readonly adapter: string;
  private step_ = 0;
  private tau = 0;
  private stale = true;
  private summary: (RunStats & ModelStats) | null = null;

  private constructor(
    private readonly gpu: GpuHandle,
    private readonly experiment: Experiment,
    private readonly runIndex: number,
    private readonly data: ModelData,
    private readonly mirror: ModelRun,
    private spec: ModelKernelSpec,
    private gpuRun: ModelGpuRun,
  ) {
    this.adapter = gpu.name;
  }

  /** Run `runIndex` of a model experiment on `gpu`, from the CPU engine's start weights. */
  static async create(
    gpu: GpuHandle,
    experiment: Experiment,
    runIndex: number,
    data: ModelData,
  ): Promise<GpuModelEngine> {
    const mirror = new ModelRun(experiment, runIndex, data);
    const { spec, gpuRun } = await GpuModelEngine.build(gpu, experiment, runIndex, data, mirror, mirror.run);
    return new GpuModelEngine(gpu, experiment, runIndex, data, mirror, spec, gpuRun);
  }

  /** The kernel of `run` over the mirror's current state. */
  private static async build(
    gpu: GpuHandle,
    experiment: Experiment,
    runIndex: number,
    data: ModelData,
    mirror: ModelRun,
    run: Run,
  ) {
    const refusal = modelKernelRefusal(run, runIndex);
    if (refusal) throw new Error(refusal);
    const shape = runShape(run);
    const key = (stream: number) => hashKey(experiment.seed, runIndex, stream) | 0;
    const model = experiment.loss.model!;
    const spec: ModelKernelSpec = {
      activation: model.activation,
      output: model.output,
      shape,
      gradient: run.gradient,
      n: data.train.n,
      keys: { batch: key(Stream.batch), gaussian: key(Stream.gaussian) },
    };
    const net = { layout: mirror.net.layout, inputs: mirror.net.inputs };
    const gpuRun = await ModelGpuRun.create(
      gpu.device,
      spec,
      net,
      data,
      hyperBlock(shape),
      toGpu(mirror, run.particles),
    );
    return { spec, gpuRun };
  }

  get run(): Run {
    return this.mirror.run;
  }

  get t(): number {
    return this.step_;
  }

  get D(): number {
    return this.mirror.D;
  }

  step(n: number): void {
    if (n <= 0) return;
    this.tau = this.gpuRun.advance(this.run, this.step_, n, this.tau);
    this.step_ += n;
    this.stale = true;
  }

  /** Reads every network back into the mirror and measures them (the CPU engine's float64 measures). */
  async sync(): Promise<void> {
    if (!this.stale && this.summary) return;
    fromGpu(this.mirror, await this.gpuRun.read());
    const a = this.mirror.runArrays;
    const alive = a.alive.slice();
    this.summary = this.mirror.measureAt(this.step_, this.tau);
    // A network whose full loss is no longer finite stops here, on the GPU too.
    if (alive.some((v, i) => v !== a.alive[i])) this.gpuRun.writeStatus(Uint32Array.from(a.death));
    this.stale = false;
  }

  /** The statistics and the first `max` positions of the last `sync` (float64 when `precise`). */
  read(max: number, precise = false): RunFrame {
    if (this.stale || !this.summary) throw new Error('GPU network run: read before sync()');
    return frameOf(this.summary, this.mirror.positions64(max), precise);
  }

  /** ∇L at the first network (as last read back), on the CPU in float64. */
  headGradient(): number[] | null {
    if (this.stale || !this.mirror.runArrays.alive[0]) return null;
    return this.mirror.lossAndGrad(this.mirror.runArrays.phi.subarray(0, this.D)).slice(1);
  }

  async setHyper(patch: HyperPatch): Promise<void> {
    const run = patchedRun(this.run, patch);
    const next = runShape(run);
    const spec = { ...this.spec, shape: next, gradient: run.gradient };
    const same = run.particles === this.run.particles && wgslModelSource(spec) === wgslModelSource(this.spec);
    if (this.stale) fromGpu(this.mirror, await this.gpuRun.read());
    this.mirror.setHyper(patch);
    this.stale = true;
    if (same) {
      this.gpuRun.retune(next, hyperBlock(next));
      this.spec = spec;
      return;
    }
    const built = await GpuModelEngine.build(this.gpu, this.experiment, this.runIndex, this.data, this.mirror, run);
    this.gpuRun.dispose();
    this.gpuRun = built.gpuRun;
    this.spec = built.spec;
  }

  /** Resolves when every step queued so far has run (benchmarks). */
  idle(): Promise<void> {
    return this.gpuRun.done();
  }

  dispose(): void {
    this.gpuRun.dispose();
  }
}

/** The mirror's state (positions, then each slot, per network) and statuses, in float32. */
function toGpu(mirror: ModelRun, P: number): ModelGpuState {
  const a = mirror.runArrays;
  const D = mirror.D;
  const W = D * (1 + a.slots.length);
  const state = new Float32Array(P * W);
  for (let i = 0; i < P; i++) {
    state.set(a.phi.subarray(i * D, (i + 1) * D), i * W);
    a.slots.forEach((s, k) => state.set(s.subarray(i * D, (i + 1) * D), i * W + (k + 1) * D));
  }
  return { state, status: Uint32Array.from(a.alive, (v, i) => (v ? 0 : Math.max(1, a.death[i]!))) };
}

/** A read back into the mirror's arrays (float64), statuses as liveness and stop steps. */
function fromGpu(mirror: ModelRun, r: ModelGpuState): void {
  const a = mirror.runArrays;
  const D = mirror.D;
  const P = r.status.length;
  const W = D * (1 + a.slots.length);
  for (let i = 0; i < P; i++) {
    for (let d = 0; d < D; d++) a.phi[i * D + d] = r.state[i * W + d]!;
    a.slots.forEach((s, k) => {
      for (let d = 0; d < D; d++) s[i * D + d] = r.state[i * W + (k + 1) * D + d]!;
    });
    a.alive[i] = r.status[i] === 0 ? 1 : 0;
    a.death[i] = r.status[i]!;
  }
}
