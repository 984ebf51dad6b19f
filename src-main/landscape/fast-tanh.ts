/**
 * tanh without a library call, for the landscape's plane kernel (plane-kernel.ts), where Math.tanh was
 * half of a plane's time. Not used by training, whose numbers stay Math.tanh's to the bit.
 *
 *   tanh x = sign(x) · (1 − 2/(e^y + 1)),  y = 2|x|,
 *   e^y = 2^m · 2^(j/32) · p(r),  y = (32m + j)·ln2/32 + r,  |r| ≤ ln2/64,
 *   p(r) = Σ_{n ≤ 6} rⁿ/n!  (relative error < r⁷/7! < 4·10⁻¹⁸),
 *
 * with ln2/32 split in two (Cody–Waite: k·hi is exact), 2^(j/32) and 2^m from tables. An error δ
 * relative in e^y moves tanh by at most δ/2 absolutely, so |tanhFast − tanh| stays a few 10⁻¹⁶
 * for every x (absolute, not relative: near 0 the result is x to within that). For |x| > 20,
 * 1 − 2/(e^40 + 1) already rounds to 1: ±1. NaN stays NaN; ±0 gives +0.
 */

/** fdlibm's ln2 split (ln2_hi has 32 significant bits), divided by 32 exactly. */
const STEP_HI = 6.9314718036912381649e-1 / 32;
const STEP_LO = 1.90821492927058770002e-10 / 32;
const INV_STEP = 32 / Math.LN2;
/** 2^(j/32), j = 0…31. */
const TWO_J = Float64Array.from({ length: 32 }, (_, j) => 2 ** (j / 32));
/** 2^m, m = 0…58 (y ≤ 40 gives m ≤ 57). */
const TWO_M = Float64Array.from({ length: 59 }, (_, m) => 2 ** m);

/** tanh x to a few 10⁻¹⁶ absolutely (see above). */
export function tanhFast(x: number): number {
  const a = Math.abs(x);
  if (!(a <= 20)) return a > 20 ? (x > 0 ? 1 : -1) : x;
  const y = 2 * a;
  const k = (y * INV_STEP + 0.5) | 0;
  const r = y - k * STEP_HI - k * STEP_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const e = TWO_M[k >> 5]! * TWO_J[k & 31]! * p;
  const t = 1 - 2 / (e + 1);
  return x < 0 ? -t : t;
}

/** h[k] = tanhFast(z[k]) for k < n. */
export function tanhFastAll(z: Float64Array, h: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) h[k] = tanhFast(z[k]!);
}
