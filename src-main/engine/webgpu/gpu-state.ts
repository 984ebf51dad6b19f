/**
 * A GPU run's particles as the CPU sees them: what a read back returns and how it is copied out of
 * the device, the whole state read back between two runs, and the state a rebuilt run starts from
 * (kept particles carried over, new ones drawn).
 */
import type { KernelPlan } from '../kernel/plan';
import { stateStride } from '../kernel/wgsl-kernel';
import { BufferUsage, MapMode, type GpuBuffer, type GpuDevice } from './gpu-types';

/** Every particle's whole state as read back: W floats each (x, then each slot), and its status. */
export interface RunState {
  /** Floats per particle. */
  W: number;
  state: Float32Array;
  status: Uint32Array;
}

/**
 * What a rebuilt run starts from instead of the start draws: the old run's state, its first
 * min(P, P_old) particles kept (their slots too when `keepSlots` says so for the new rule's slot
 * count: engine/carry-over.ts), the rest drawn as at t = 0.
 */
export interface CarriedState extends RunState {
  keepSlots(slots: number): boolean;
}

/** What one read back returns: statuses and losses of every particle, the first positions. */
export interface RunReadback {
  /** 0 while alive, else the step the particle stopped at. */
  status: Uint32Array;
  /** Full losses at the last step (NaN for stopped particles). */
  loss: Float32Array;
  /** Positions of the first `count` particles, row-major [count × D]. */
  positions: Float64Array;
  /** The first `count` particles' whole state rows (W floats each: x, then each optimizer slot). */
  rows: Float32Array;
}

/** One copy of a read back: the buffer, its bytes from the start, what takes the mapped contents. */
export type ReadCopy = [GpuBuffer, number, (b: ArrayBuffer) => void];

/** Copies each buffer into a staging buffer (one submit), then hands each one's contents over once mapped. */
export async function readBack(device: GpuDevice, copies: ReadCopy[]): Promise<void> {
  const enc = device.createCommandEncoder();
  const jobs: { staging: GpuBuffer; take: (b: ArrayBuffer) => void }[] = [];
  for (const [src, size, take] of copies) {
    if (size === 0) continue;
    const rounded = Math.max(4, Math.ceil(size / 4) * 4);
    const staging = device.createBuffer({ size: rounded, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    enc.copyBufferToBuffer(src, 0, staging, 0, rounded);
    jobs.push({ staging, take });
  }
  device.queue.submit([enc.finish()]);
  await Promise.all(jobs.map((job) => mapped(job.staging, job.take)));
}

/** Hands a staging buffer's contents to `take` once mapped, then frees it. */
export async function mapped(staging: GpuBuffer, take: (b: ArrayBuffer) => void): Promise<void> {
  await staging.mapAsync(MapMode.READ);
  take(staging.getMappedRange());
  staging.unmap();
  staging.destroy();
}

/**
 * The state a run starts from: positions `phi` (float64, drawn for particles from `kept` on), slots
 * zero, all alive; the first `kept` particles from `carried` (slots only when it keeps them).
 */
export function startState(
  plan: KernelPlan,
  phi: Float64Array,
  P: number,
  kept: number,
  carried?: CarriedState,
): RunState {
  const { D } = plan;
  const W = stateStride(plan);
  const state = new Float32Array(P * W);
  const status = new Uint32Array(P);
  for (let i = kept; i < P; i++) for (let d = 0; d < D; d++) state[i * W + d] = phi[i * D + d]!;
  if (carried) {
    const width = carried.keepSlots(plan.rule.slots.length) && carried.W === W ? W : D;
    for (let i = 0; i < kept; i++) for (let j = 0; j < width; j++) state[i * W + j] = carried.state[i * carried.W + j]!;
    status.set(carried.status.subarray(0, kept));
  }
  return { W, state, status };
}
