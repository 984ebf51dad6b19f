/**
 * The WGSL target of the kernel generator: tape entries and the optimizer table's update statements
 * printed as float32 WGSL. As for the JavaScript target, only numbers (re-printed from parsed values),
 * fixed identifiers chosen here and the function table's WGSL spellings reach the source.
 *
 * WGSL lets an implementation assume that no NaN or infinity occurs, so non-finite values are written
 * as bit patterns and tested by their exponent bits (`finite` in WGSL_HELPERS), never by x − x == 0.
 */
import type { Dialect, TapeNames } from './dialect';

/**
 * The non-finite float32 values, from their bit patterns or'ed with `nonconst` (a private variable,
 * always 0): a constant ∞ or NaN is a shader-creation error in WGSL, a run-time one is not.
 */
export const NAN = 'bitcast<f32>(0x7fc00000u | nonconst)';
const INF = 'bitcast<f32>(0x7f800000u | nonconst)';

/**
 * A number as a WGSL f32 expression: the float32 nearest to it as a literal (`1.5f`, `(-2e-7f)`), or a
 * bit pattern for what float32 cannot hold (±∞, NaN, and finite float64 values beyond its range).
 */
export function wgslNumber(v: number): string {
  if (typeof v !== 'number') throw new Error('not a number');
  if (Number.isNaN(v)) return NAN;
  const f = Math.fround(v);
  if (f === Infinity) return INF;
  if (f === -Infinity) return `(-${INF})`;
  const s = String(Math.abs(f));
  if (!/^\d+(\.\d+)?(e[+-]\d+)?$/.test(s)) throw new Error('unexpected number form');
  const lit = `${/[.e]/.test(s) ? s : `${s}.0`}f`;
  return f < 0 ? `(-${lit})` : lit;
}

/** How the WGSL kernel names the slots a tape reads. */
export type WgslNames = TapeNames;

/**
 * Helper functions every WGSL kernel carries: `finite`, the JavaScript semantics of Math.pow for any
 * sign of the base (`pow_js`), a^k by repeated squaring (`powi`), and tanh without the overflow some
 * implementations show for large |x| (tanh(±10) is ±1 in float32).
 */
export const WGSL_HELPERS = `
var<private> nonconst: u32;
fn finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn tanh_s(x: f32) -> f32 { return tanh(clamp(x, -10.0, 10.0)); }
fn powi(a: f32, k: i32) -> f32 {
  var n = abs(k); var r = 1.0; var b = a;
  loop { if (n == 0) { break; } if ((n & 1) == 1) { r = r * b; } b = b * b; n = n >> 1u; }
  if (k < 0) { return 1.0 / r; }
  return r;
}
fn pow_js(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (a > 0.0) { return exp2(b * log2(a)); }
  if (a == 0.0) { if (b > 0.0) { return 0.0; } return ${INF}; }
  if (floor(b) != b) { return ${NAN}; }
  let r = exp2(b * log2(-a));
  if (floor(b * 0.5) != b * 0.5) { return -r; }
  return r;
}
`;

/** WGSL's spelling of the shared printers (dialect.ts): f32 literals, `let`/`var`, built-ins. */
export const WGSL_DIALECT: Dialect = {
  number: wgslNumber,
  constant: 'let',
  variable: 'var',
  spelling: 'wgsl',
  power: 'powi',
  one: '1.0',
};
