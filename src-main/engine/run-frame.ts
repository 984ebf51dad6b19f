/**
 * A run core's frame (RunCore.read) from its float64 positions: kept as they are for a recording, or
 * in float32 for the views, where a finite value beyond float32's range is clamped to it, not ∞.
 */
import type { RunFrame, RunStats } from './api';

const FLOAT32_MAX = 3.4028234663852886e38;

/** `src` in float32, each value clamped to ±FLOAT32_MAX (NaN stays NaN). */
export function float32Of(src: Float64Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    out[i] = v > FLOAT32_MAX ? FLOAT32_MAX : v < -FLOAT32_MAX ? -FLOAT32_MAX : v;
  }
  return out;
}

/** The frame of `stats` and the positions `phi` (float64, already cut to the particles read). */
export function frameOf(stats: RunStats, phi: Float64Array, precise = false): RunFrame {
  return { stats, positions: precise ? phi : float32Of(phi) };
}
