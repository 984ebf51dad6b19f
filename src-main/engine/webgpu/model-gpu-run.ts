/**
 * A model run's networks on the GPU (kernel/wgsl-model.ts): its pipeline, the training examples in
 * float32, the networks' state in storage buffers (split into segments no larger than the device's
 * binding limit, one workgroup per network), stepped several steps per dispatch and read back whole
 * when asked. The start state comes from the CPU (float64 draws, rounded where uploaded).
 */
import type { ModelData } from '../../../shared/data/model-data';
import { isLabeled } from '../../../shared/data/model-data';
import type { ModelLayout } from '../../../shared/model/layout';
import type { Run } from '../../../shared/experiment/experiment';
import { learningRate } from '../../../shared/schedule';
import type { RunShape } from '../../../shared/kernel/hyper-block';
import {
  MAX_LAYERS,
  MODEL_PARAMS_WORDS,
  MODEL_WORKGROUP,
  wgslModelSource,
  type ModelKernelSpec,
} from '../kernel/wgsl-model';
import {
  bindGroup,
  bindingLimit,
  bytes,
  dispatch,
  readStates,
  STORAGE,
  uploadSegment,
  withPipeline,
} from './gpu-pipeline';
import type { StateRows, StateSegment } from './gpu-pipeline';
import { BufferUsage, type GpuBindGroup, type GpuBuffer, type GpuDevice, type GpuPipeline } from './gpu-types';

/** Most steps one dispatch takes. */
const MAX_STEPS = 256;
/** Multiply-adds per dispatch aimed at (B · D per network-step, roughly): long enough to hide the submit. */
const DISPATCH_WORK = 1 << 26;

/** A model run's whole state as the CPU holds it: W = D·(1 + slots) floats per network, and statuses. */
export type ModelGpuState = StateRows;

interface Segment extends StateSegment {
  params: GpuBuffer;
  group: GpuBindGroup;
  gx: number;
  gy: number;
}

/** One model run's pipeline and buffers on a device (see above), built by `create`. */
export class ModelGpuRun {
  private readonly segments: Segment[] = [];
  private readonly shared: GpuBuffer[];
  private readonly values: GpuBuffer;
  private readonly hyper: GpuBuffer;
  private readonly words: Uint32Array;
  private readonly K: number;
  private readonly perDispatch: number;

  private constructor(
    private readonly device: GpuDevice,
    private readonly pipeline: GpuPipeline,
    layout: Parameters<GpuDevice['createBindGroup']>[0]['layout'],
    private shape: RunShape,
    private readonly net: { layout: ModelLayout; inputs: number },
    data: ModelData,
    hyper: Float64Array,
    private readonly W: number,
    start: ModelGpuState,
    private readonly P: number,
  ) {
    const { D, widths, layers } = net.layout;
    const U = widths.reduce((a, b) => a + b, 0);
    const T = (shape.needsExamples ? 3 : 1) * D + 3 * U;
    const train = data.train;
    const xs = Float32Array.from(train.x.subarray(0, Math.max(1, train.n * train.inputs)));
    const ys = Float32Array.from(train.y);
    const upload = (a: Float32Array) => {
      const b = device.createBuffer({ size: bytes(a.byteLength), usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
      if (a.length) device.queue.writeBuffer(b, 0, a);
      return b;
    };
    this.K = 1 + (shape.rule.perStep?.names.length ?? 0);
    this.values = upload(new Float32Array(MAX_STEPS * this.K));
    this.hyper = upload(Float32Array.from(hyper.length ? hyper : [0]));
    const perNet = W + MODEL_WORKGROUP * T;
    const limit = bindingLimit(device);
    const maxX = device.limits.maxComputeWorkgroupsPerDimension;
    const perSegment = Math.max(1, Math.min(maxX * 64, Math.floor(limit / (4 * perNet))));
    const scratch = device.createBuffer({ size: bytes(4 * perNet * Math.min(P, perSegment)), usage: STORAGE });
    const xb = upload(xs);
    const yb = upload(ys);
    this.shared = [scratch, xb, yb];
    this.words = new Uint32Array(MODEL_PARAMS_WORDS);
    this.words.set([0, 0, 0, 0, 0, layers.length, D, train.n, net.inputs, T, W, U]);
    let unit = 0;
    layers.forEach((l, i) => {
      this.words.set([l.fanIn, l.fanOut, l.w, l.b], 12 + 4 * i);
      this.words.set([unit, unit + l.fanIn, 0, 0], 12 + 4 * MAX_LAYERS + 4 * i);
      unit += l.fanIn;
    });
    const batch = shape.batch;
    const examples = Math.max(1, Math.min(train.n, batch));
    this.perDispatch = Math.max(1, Math.min(MAX_STEPS, Math.floor(DISPATCH_WORK / (Math.max(1, P) * examples * D))));
    for (let p0 = 0; p0 < P; p0 += perSegment) {
      const count = Math.min(perSegment, P - p0);
      const { state, status } = uploadSegment(device, start, W, p0, count);
      const params = device.createBuffer({
        size: 4 * MODEL_PARAMS_WORDS,
        usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
      });
      const group = bindGroup(device, layout, [state, status, this.values, params, xb, yb, this.hyper, scratch]);
      const gx = Math.min(count, maxX);
      this.segments.push({ p0, count, state, status, params, group, gx, gy: Math.ceil(count / gx) });
    }
  }

  /** Compiles the run's kernel and uploads the data and the start state (W floats per network). */
  static async create(
    device: GpuDevice,
    spec: ModelKernelSpec,
    net: { layout: ModelLayout; inputs: number },
    data: ModelData,
    hyper: Float64Array,
    start: ModelGpuState,
  ): Promise<ModelGpuRun> {
    if (net.layout.layers.length > MAX_LAYERS) throw new Error(`webgpu: at most ${MAX_LAYERS - 1} hidden layers`);
    if (!isLabeled(data.train) && spec.output !== 'linear') throw new Error('webgpu: class labels expected');
    const W = net.layout.D * (1 + spec.shape.rule.slots.length);
    const P = start.status.length;
    const types = [
      'storage',
      'storage',
      'read-only-storage',
      'uniform',
      'read-only-storage',
      'read-only-storage',
      'read-only-storage',
      'storage',
    ] as const;
    return withPipeline(
      device,
      wgslModelSource(spec),
      types,
      'network kernel',
      (pipeline, layout) => new ModelGpuRun(device, pipeline, layout, spec.shape, net, data, hyper, W, start, P),
    );
  }

  /** A new hyperparameter block for a run of the same shape (a hot change that recompiles nothing). */
  retune(shape: RunShape, hyper: Float64Array): void {
    this.shape = shape;
    if (hyper.length) this.device.queue.writeBuffer(this.hyper, 0, Float32Array.from(hyper));
  }

  /** Queues steps t0+1 … t0+steps of `run` (several per dispatch); returns τ0 + Σ η_t, added one by one. */
  advance(run: Run, t0: number, steps: number, tau0: number): number {
    const opt = this.shape.optimizer;
    let tau = tau0;
    for (let done = 0; done < steps;) {
      const count = Math.min(this.perDispatch, steps - done);
      const v = new Float32Array(count * this.K);
      for (let k = 0; k < count; k++) {
        const t = t0 + done + k + 1;
        const lr = learningRate(run.schedule, opt.lr, t);
        tau += lr;
        v[k * this.K] = lr;
        this.shape.rule.perStep?.values(opt, t, this.shape.batch).forEach((x, j) => (v[k * this.K + 1 + j] = x));
      }
      this.device.queue.writeBuffer(this.values, 0, v);
      for (const s of this.segments) {
        this.words.set([s.count, s.p0, t0 + done, count, s.gx], 0);
        this.device.queue.writeBuffer(s.params, 0, this.words);
        dispatch(this.device, this.pipeline, s.group, s.gx, s.gy);
      }
      done += count;
    }
    return tau;
  }

  /** Every network's state and status, once the queued steps have run. */
  read(): Promise<ModelGpuState> {
    return readStates(this.device, this.segments, this.W, this.P);
  }

  /** Overwrites the statuses (networks the CPU found stopped at a measure). */
  writeStatus(status: Uint32Array): void {
    for (const s of this.segments) this.device.queue.writeBuffer(s.status, 0, status.subarray(s.p0, s.p0 + s.count));
  }

  /** Resolves when everything queued so far has run. */
  done(): Promise<void> {
    return this.device.queue.onSubmittedWorkDone();
  }

  dispose(): void {
    for (const s of this.segments) for (const b of [s.state, s.status, s.params]) b.destroy();
    for (const b of [...this.shared, this.values, this.hyper]) b.destroy();
  }
}
