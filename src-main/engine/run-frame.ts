/**
 * A run core's frame (RunCore.read) from its float64 positions: kept as they are for a recording, or
 * in float32 for the views, where a finite value beyond float32's range is clamped to it, not ∞.
 */
import { float32Of } from '../../shared/kernel/float32';
import type { RunFrame, RunStats } from './api';

/** The frame of `stats` and the positions `phi` (float64, already cut to the particles read). */
export function frameOf(stats: RunStats, phi: Float64Array, precise = false): RunFrame {
  return { stats, positions: precise ? phi : float32Of(phi) };
}
