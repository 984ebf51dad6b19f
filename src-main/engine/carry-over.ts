/**
 * What survives a hot change of a run, for every backend (the compiled ensemble, TensorFlow.js and
 * WebGPU): the first min(P, P₀) particles keep their positions, liveness and stop steps; they keep
 * their optimizer state too when the optimizer is of the same type with as many state slots (a new
 * η, N, β or ε keeps the momentum), else it starts again from zero; particles beyond P₀ are drawn
 * from the run's start as at t = 0.
 */
import type { Run } from '../../shared/experiment/experiment';
import type { HyperPatch } from './api';
import { allocateArrays, type RunArrays } from './compiled/arrays';

export interface CarryOver {
  /** Particles kept from the old run: min(P, P₀). */
  kept: number;
  /** Particles to draw afresh: max(0, P − P₀). */
  added: number;
  /** Whether the kept particles keep their optimizer state. */
  keepSlots: boolean;
  /** Nothing to move: the same particles and state, in place (only settings changed). */
  inPlace: boolean;
}

/** `run` with `patch` applied: each key the patch names replaces the run's (undefined removes it). */
export function patchedRun(run: Run, patch: HyperPatch): Run {
  const next: Record<string, unknown> = { ...run, ...patch };
  for (const key of Object.keys(patch)) if (next[key] === undefined) delete next[key];
  return next as Run;
}

/** The patch that turns `old` into `next` (a whole run, as the lab's host sends it): every key of either. */
export function patchTo(old: Run, next: Run): HyperPatch {
  return { ...Object.fromEntries(Object.keys(old).map((key) => [key, undefined])), ...next };
}

/** The carry-over from `old` (with `oldSlots` state slots) to `next` (with `nextSlots`). */
export function carryOver(
  old: Pick<Run, 'particles' | 'optimizer'>,
  oldSlots: number,
  next: Pick<Run, 'particles' | 'optimizer'>,
  nextSlots: number,
): CarryOver {
  const keepSlots = old.optimizer.type === next.optimizer.type && oldSlots === nextSlots;
  const P0 = old.particles;
  const P = next.particles;
  return { kept: Math.min(P, P0), added: Math.max(0, P - P0), keepSlots, inPlace: keepSlots && P === P0 };
}

/**
 * A float64 run's arrays after a change `c` that is not in place: the kept particles' positions,
 * liveness and stop steps copied (and their optimizer state where `c.keepSlots`), the added ones
 * drawn by `init(phi, from, to)` as at t = 0.
 */
export function carriedArrays(
  prev: RunArrays,
  c: CarryOver,
  P: number,
  D: number,
  slotCount: number,
  init: (phi: Float64Array, p0: number, p1: number) => void,
): RunArrays {
  const next = allocateArrays(P, D, slotCount, false);
  const m = c.kept;
  next.phi.set(prev.phi.subarray(0, m * D));
  next.alive.set(prev.alive.subarray(0, m));
  next.death.set(prev.death.subarray(0, m));
  if (c.keepSlots) next.slots.forEach((s, k) => s.set(prev.slots[k]!.subarray(0, m * D)));
  if (c.added > 0) init(next.phi, m, P);
  return next;
}
