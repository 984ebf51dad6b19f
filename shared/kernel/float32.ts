/** Float64 positions in float32 for the views: a finite value beyond float32's range is clamped to it, not ∞. */

const FLOAT32_MAX = 3.4028234663852886e38;

/** `src` in float32, each value clamped to ±FLOAT32_MAX (NaN stays NaN). */
export function float32Of(src: ArrayLike<number>): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    out[i] = v > FLOAT32_MAX ? FLOAT32_MAX : v < -FLOAT32_MAX ? -FLOAT32_MAX : v;
  }
  return out;
}
