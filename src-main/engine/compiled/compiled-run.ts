/**
 * One run on the compiled backend: its plan, its kernel and the particles' arrays (float64
 * positions and optimizer state, liveness, the step each particle stopped at, the last full losses).
 * The arrays may live in SharedArrayBuffers so that worker threads step disjoint particle ranges of
 * the same run; every random draw is keyed by particle and step, so the split changes nothing.
 */
import type { Experiment, Run } from '../../../shared/spec/experiment';
import type { DataSet } from '../api';
import { compileKernel, kernelSource, type RunKernel } from '../kernel/js-kernel';
import { planRun, type KernelPlan } from '../kernel/plan';
import { zigguratTables } from '../kernel/random-source';

export interface RunArrays {
  /** Positions, row-major [P × D]. */
  phi: Float64Array;
  /** The optimizer's state slots, each [P × D]. */
  slots: Float64Array[];
  /** 1 while the particle moves, 0 once stopped. */
  alive: Uint8Array;
  /** The step a stopped particle stopped at (0 while alive). */
  death: Int32Array;
  /** Full losses from the last `losses` call (NaN for stopped particles). */
  loss: Float64Array;
}

/** Buffers of RunArrays, transferable to workers when shared. */
export interface RunBuffers {
  phi: ArrayBufferLike;
  slots: ArrayBufferLike[];
  alive: ArrayBufferLike;
  death: ArrayBufferLike;
  loss: ArrayBufferLike;
}

export function allocateArrays(P: number, D: number, slotCount: number, shared: boolean): RunArrays {
  const buf = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const alive = new Uint8Array(buf(P));
  alive.fill(1);
  return {
    phi: new Float64Array(buf(8 * P * D)),
    slots: Array.from({ length: slotCount }, () => new Float64Array(buf(8 * P * D))),
    alive,
    death: new Int32Array(buf(4 * P)),
    loss: new Float64Array(buf(8 * P)),
  };
}

export const buffersOf = (a: RunArrays): RunBuffers => ({
  phi: a.phi.buffer,
  slots: a.slots.map((s) => s.buffer),
  alive: a.alive.buffer,
  death: a.death.buffer,
  loss: a.loss.buffer,
});

export const arraysOf = (b: RunBuffers): RunArrays => ({
  phi: new Float64Array(b.phi),
  slots: b.slots.map((s) => new Float64Array(s)),
  alive: new Uint8Array(b.alive),
  death: new Int32Array(b.death),
  loss: new Float64Array(b.loss),
});

/** Data columns as float64, made once per data set. */
const float64Columns = new WeakMap<DataSet, Float64Array[]>();
function columnsOf(data: DataSet): Float64Array[] {
  let cols = float64Columns.get(data);
  if (!cols) {
    cols = data.columns.map((c) => Float64Array.from(c));
    float64Columns.set(data, cols);
  }
  return cols;
}

let zig: ReturnType<typeof zigguratTables> | undefined;
/** Compiled kernels by source: the same run compiled twice (a hot change that changes nothing) is reused. */
const kernels = new Map<string, { data: DataSet; kernel: RunKernel }>();

/** The plan and kernel of run `runIndex` (with `run` as its current settings). */
export function compileRun(
  experiment: Experiment,
  run: Run,
  runIndex: number,
  data: DataSet,
): { plan: KernelPlan; kernel: RunKernel; source: string } {
  const plan = planRun(experiment, run, runIndex, data);
  const source = kernelSource(plan, run.start, run.spread);
  const found = kernels.get(source);
  if (found && found.data === data) return { plan, kernel: found.kernel, source };
  zig ??= zigguratTables();
  const kernel = compileKernel(source, { cols: columnsOf(data), zig });
  if (kernels.size > 64) kernels.clear();
  kernels.set(source, { data, kernel });
  return { plan, kernel, source };
}
