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
import type { RunShape } from '../kernel/hyper-block';
import {
  MAX_LAYERS,
  MODEL_PARAMS_WORDS,
  MODEL_WORKGROUP,
  wgslModelSource,
  type ModelKernelSpec,
} from '../kernel/wgsl-model';
import { readBack, type ReadCopy } from './gpu-state';
import {
  BufferUsage,
  ShaderStage,
  type GpuBindGroup,
  type GpuBuffer,
  type GpuDevice,
  type GpuPipeline,
} from './gpu-types';

/** Most steps one dispatch takes. */
const MAX_STEPS = 256;
/** Multiply-adds per dispatch aimed at (B · D per network-step, roughly): long enough to hide the submit. */
const DISPATCH_WORK = 1 << 26;

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
const bytes = (n: number) => Math.max(4, Math.ceil(n / 4) * 4);

/** A model run's whole state as the CPU holds it: W = D·(1 + slots) floats per network, and statuses. */
export interface ModelGpuState {
  state: Float32Array;
  status: Uint32Array;
}

interface Segment {
  p0: number;
  count: number;
  state: GpuBuffer;
  status: GpuBuffer;
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
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
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
      const state = device.createBuffer({ size: bytes(4 * count * W), usage: STORAGE });
      device.queue.writeBuffer(state, 0, start.state.subarray(p0 * W, (p0 + count) * W));
      const status = device.createBuffer({ size: bytes(4 * count), usage: STORAGE });
      device.queue.writeBuffer(status, 0, start.status.subarray(p0, p0 + count));
      const params = device.createBuffer({
        size: 4 * MODEL_PARAMS_WORDS,
        usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
      });
      const group = device.createBindGroup({
        layout,
        entries: [state, status, this.values, params, xb, yb, this.hyper, scratch].map((buffer, binding) => ({
          binding,
          resource: { buffer },
        })),
      });
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
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ code: wgslModelSource(spec) });
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
    const layout = device.createBindGroupLayout({
      entries: types.map((type, binding) => ({ binding, visibility: ShaderStage.COMPUTE, buffer: { type } })),
    });
    let pipeline: GpuPipeline;
    try {
      pipeline = await device.createComputePipelineAsync({
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
      });
    } catch (error) {
      await device.popErrorScope();
      const first = (await module.getCompilationInfo()).messages.find((m) => m.type === 'error');
      throw new Error(
        `the WGSL network kernel did not compile: ${first ? `line ${first.lineNum}: ${first.message}` : String(error)}`,
      );
    }
    const made = new ModelGpuRun(device, pipeline, layout, spec.shape, net, data, hyper, W, start, P);
    const failure = await device.popErrorScope();
    if (failure) throw new Error(`WebGPU: ${failure.message}`);
    return made;
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
        const enc = this.device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(this.pipeline);
        pass.setBindGroup(0, s.group);
        pass.dispatchWorkgroups(s.gx, s.gy);
        pass.end();
        this.device.queue.submit([enc.finish()]);
      }
      done += count;
    }
    return tau;
  }

  /** Every network's state and status, once the queued steps have run. */
  async read(): Promise<ModelGpuState> {
    const W = this.W;
    const out: ModelGpuState = { state: new Float32Array(this.P * W), status: new Uint32Array(this.P) };
    await readBack(
      this.device,
      this.segments.flatMap((s): ReadCopy[] => [
        [s.state, 4 * s.count * W, (b) => out.state.set(new Float32Array(b, 0, s.count * W), s.p0 * W)],
        [s.status, 4 * s.count, (b) => out.status.set(new Uint32Array(b, 0, s.count), s.p0)],
      ]),
    );
    return out;
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
