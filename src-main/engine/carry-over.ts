/**
 * What survives a hot change of a run, for every backend (the compiled ensemble, TensorFlow.js and
 * WebGPU): the first min(P, P₀) particles keep their positions, liveness and stop steps; they keep
 * their optimizer state too when the optimizer is of the same type with as many state slots (a new
 * η, N, β or ε keeps the momentum), else it starts again from zero; particles beyond P₀ are drawn
 * from the run's start as at t = 0.
 */
import type { Run } from '../../shared/spec/experiment';

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
