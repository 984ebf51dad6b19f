/**
 * One run on the GPU: its WGSL kernel compiled to a pipeline, its particles in storage buffers (split
 * into segments no larger than the device's binding limit), stepped several steps per dispatch and read
 * back only when asked (statistics, recorded positions). Start positions come from the CPU kernel's
 * `init` (the same float64 draws), then live in float32. The hyperparameters live in their own small
 * buffer (shared/kernel/hyper-block.ts), which a hot change rewrites (`retune`) without compiling anything.
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import type { DataSet } from '../api';
import { addTau } from '../compiled/advance';
import { compileRun } from '../compiled/compiled-run';
import type { RunKernel } from '../kernel/js-kernel';
import { stepValues } from '../../../shared/kernel/step-values';
import type { KernelPlan } from '../kernel/plan';
import { stateStride, wgslKernelSource, WORKGROUP } from '../kernel/wgsl-kernel';
import { readBack, startState, type CarriedState, type ReadCopy, type RunReadback, type RunState } from './gpu-state';
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
import type { StateSegment } from './gpu-pipeline';

export type { RunReadback } from './gpu-state';
import { BufferUsage, type GpuBindGroup, type GpuBuffer, type GpuDevice, type GpuPipeline } from './gpu-types';

/** Most steps one dispatch takes (bounds the per-step value buffer). */
export const MAX_DISPATCH_STEPS = 1024;
/** Particle-steps per dispatch aimed at: long enough to hide the submit, short enough for watchdogs. */
export const DISPATCH_WORK = 1 << 27;

/** One contiguous range of particles with its own buffers. */
interface Segment extends StateSegment {
  loss: GpuBuffer;
  params: GpuBuffer;
  group: GpuBindGroup;
  /** Workgroups along x and y of one dispatch, and the invocations per row of the grid. */
  grid: [number, number, number];
}

/** Data columns as one float32 array, column after column: the float64 data rounded where they are uploaded. */
function packData(data: DataSet): Float32Array {
  const out = new Float32Array(Math.max(1, data.n * data.columns.length));
  data.columns.forEach((c, j) => out.set(c.subarray(0, data.n), j * data.n));
  return out;
}

export class GpuRun {
  plan: KernelPlan;
  readonly source: string;
  /** The same run's kernel on the CPU (start draws, ∇L at a point for the views). */
  readonly cpuKernel: RunKernel;
  private readonly P: number;
  private readonly W: number;
  private readonly K: number;
  private readonly segments: Segment[] = [];
  private readonly values: GpuBuffer;
  private readonly data: GpuBuffer;
  private readonly hyper: GpuBuffer;

  private constructor(
    private readonly device: GpuDevice,
    private experiment: Experiment,
    private readonly runIndex: number,
    private readonly pipeline: GpuPipeline,
    plan: KernelPlan,
    source: string,
    cpuKernel: RunKernel,
    dataSet: DataSet,
    layout: Parameters<GpuDevice['createBindGroup']>[0]['layout'],
    start: RunState,
  ) {
    this.plan = plan;
    this.source = source;
    this.cpuKernel = cpuKernel;
    const run = experiment.runs[runIndex]!;
    this.P = run.particles;
    this.W = stateStride(plan);
    this.K = 1 + plan.perStep.length;
    this.values = device.createBuffer({
      size: bytes(4 * MAX_DISPATCH_STEPS * this.K),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
    });
    const packed = packData(dataSet);
    this.data = device.createBuffer({
      size: bytes(packed.byteLength),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(this.data, 0, packed);
    this.hyper = device.createBuffer({
      size: bytes(4 * plan.hyper.length),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
    });
    this.writeHyper();
    const limit = bindingLimit(device);
    const perSegment = Math.max(WORKGROUP, Math.floor(limit / (4 * this.W) / WORKGROUP) * WORKGROUP);
    const maxX = device.limits.maxComputeWorkgroupsPerDimension;
    for (let p0 = 0; p0 < this.P; p0 += perSegment) {
      const count = Math.min(perSegment, this.P - p0);
      const { state, status } = uploadSegment(device, start, this.W, p0, count);
      const loss = device.createBuffer({ size: bytes(4 * count), usage: STORAGE });
      const params = device.createBuffer({ size: 32, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
      const group = bindGroup(device, layout, [state, status, loss, this.values, params, this.data, this.hyper]);
      const groups = Math.ceil(count / WORKGROUP);
      const gx = Math.min(groups, maxX);
      const gy = Math.ceil(groups / gx);
      this.segments.push({ p0, count, state, status, loss, params, group, grid: [gx, gy, gx * WORKGROUP] });
    }
  }

  /**
   * Compiles run `runIndex`'s kernel and uploads its start positions (or, with `carried`, the state of
   * the run it replaces; see CarriedState). `compiled`: the run's plan and CPU kernel where they are
   * known already (a retuned plan: the run is not planned again).
   */
  static async create(
    device: GpuDevice,
    experiment: Experiment,
    runIndex: number,
    data: DataSet,
    carried?: CarriedState,
    compiled?: { plan: KernelPlan; kernel: RunKernel },
  ): Promise<GpuRun> {
    const run = experiment.runs[runIndex]!;
    const { plan, kernel } = compiled ?? compileRun(experiment, run, runIndex, data);
    const source = wgslKernelSource(plan);
    const P = run.particles;
    const kept = carried ? Math.min(P, carried.status.length) : 0;
    const phi = new Float64Array(P * plan.D);
    if (kept < P) kernel.init(phi, kept, P);
    const start = startState(plan, phi, P, kept, carried);
    const types = [
      'storage',
      'storage',
      'storage',
      'read-only-storage',
      'uniform',
      'read-only-storage',
      'read-only-storage',
    ] as const;
    return withPipeline(
      device,
      source,
      types,
      'kernel',
      (pipeline, layout) =>
        new GpuRun(device, experiment, runIndex, pipeline, plan, source, kernel, data, layout, start),
    );
  }

  /**
   * Takes the settings of `experiment`'s run, whose plan `plan` is this one's retuned (kernel/plan.ts
   * `retune`: the same kernel, new hyperparameters) for as many particles: writes the new block.
   */
  retune(experiment: Experiment, plan: KernelPlan): void {
    if (experiment.runs[this.runIndex]!.particles !== this.P || plan.shapeKey !== this.plan.shapeKey)
      throw new Error('GPU run: retune to another kernel');
    this.experiment = experiment;
    this.plan = plan;
    this.writeHyper();
  }

  /** The plan's hyperparameter block into its buffer, in float32 (as the kernel's other values). */
  private writeHyper(): void {
    if (this.plan.hyper.length > 0) this.device.queue.writeBuffer(this.hyper, 0, Float32Array.from(this.plan.hyper));
  }

  /**
   * Queues steps t0+1 … t0+steps (several per dispatch) and, with `withLoss`, every particle's full
   * loss at t0+steps; returns at once (the queue runs them in order) with τ = tau0 + Σ η_t over those
   * steps, added one by one (as the CPU ensemble adds them).
   */
  advance(t0: number, steps: number, withLoss: boolean, tau0 = 0): number {
    const run = this.experiment.runs[this.runIndex]!;
    let tau = tau0;
    const per = Math.max(1, Math.min(MAX_DISPATCH_STEPS, Math.floor(DISPATCH_WORK / Math.max(1, this.P))));
    let done = 0;
    do {
      const count = Math.min(per, steps - done);
      const last = done + count >= steps;
      if (count > 0) {
        const v = stepValues(this.plan, run, t0 + done, count);
        tau = addTau(tau, v, this.plan, count);
        this.device.queue.writeBuffer(this.values, 0, Float32Array.from(v));
      }
      for (const s of this.segments) {
        this.device.queue.writeBuffer(
          s.params,
          0,
          new Uint32Array([s.count, t0 + done, count, last && withLoss ? 1 : 0, s.grid[2], 0, 0, 0]),
        );
        dispatch(this.device, this.pipeline, s.group, s.grid[0], s.grid[1]);
      }
      done += count;
    } while (done < steps);
    return tau;
  }

  /** Reads back every status and loss and the positions of the first `count` particles. */
  async read(count: number): Promise<RunReadback> {
    const { D } = this.plan;
    const W = this.W;
    const k = Math.max(0, Math.min(count, this.P));
    const out: RunReadback = {
      status: new Uint32Array(this.P),
      loss: new Float32Array(this.P),
      positions: new Float64Array(k * D),
      rows: new Float32Array(k * W),
    };
    await readBack(
      this.device,
      this.segments.flatMap((s): ReadCopy[] => {
        const m = Math.max(0, Math.min(k - s.p0, s.count));
        return [
          [s.status, 4 * s.count, (b) => out.status.set(new Uint32Array(b, 0, s.count), s.p0)],
          [s.loss, 4 * s.count, (b) => out.loss.set(new Float32Array(b, 0, s.count), s.p0)],
          [
            s.state,
            4 * m * W,
            (b) => {
              const st = new Float32Array(b, 0, m * W);
              out.rows.set(st, s.p0 * W);
              for (let i = 0; i < m; i++)
                for (let d = 0; d < D; d++) out.positions[(s.p0 + i) * D + d] = st[i * W + d]!;
            },
          ],
        ];
      }),
    );
    return out;
  }

  /** Reads back every particle's whole state and status (to carry them into a rebuilt run). */
  async readState(): Promise<RunState> {
    return { W: this.W, ...(await readStates(this.device, this.segments, this.W, this.P)) };
  }

  /** Resolves when everything queued so far has run. */
  done(): Promise<void> {
    return this.device.queue.onSubmittedWorkDone();
  }

  dispose(): void {
    for (const s of this.segments) for (const b of [s.state, s.status, s.loss, s.params]) b.destroy();
    this.values.destroy();
    this.data.destroy();
    this.hyper.destroy();
  }
}
