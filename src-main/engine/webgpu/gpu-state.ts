/**
 * A GPU run's particles as the CPU sees them between two runs: the whole state read back, and the
 * state a rebuilt run starts from (kept particles carried over, new ones drawn).
 */
import type { KernelPlan } from '../kernel/plan';
import { stateStride } from '../kernel/wgsl-kernel';
import { MapMode, type GpuBuffer } from './gpu-types';

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
