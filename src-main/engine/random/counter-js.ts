/**
 * The counter-keyed generator's JavaScript spelling (counter-wgsl.ts is its WGSL one), as source shared
 * by every compiled kernel and as a stream the model engine draws from: every draw is fixed by
 * (seed, run, stream) → key (streams.ts' hashKey), the particle i and the step t, whatever the number
 * of threads or the order particles are visited in.
 *
 * - `seedFor(key, i, t)` hashes the key, particle and step into the state of a small generator;
 * - `u32()` steps it: a Weyl sequence (state += 0x9e3779b9) through the lowbias32 finalizer (a
 *   bijective 32-bit mixer), a signed 32-bit integer;
 * - `uni()` is uniform in (0, 1), never 0 or 1;
 * - `normal()` is Marsaglia & Tsang's 128-layer ziggurat (one draw, a multiply and a compare in
 *   ≈ 99 % of cases; the tail and wedges by rejection).
 */

/** The tables of the 128-layer ziggurat for the standard normal (Marsaglia & Tsang 2000). */
export function zigguratTables(): { kn: Float64Array; wn: Float64Array; fn: Float64Array } {
  const kn = new Float64Array(128);
  const wn = new Float64Array(128);
  const fn = new Float64Array(128);
  const m1 = 2147483648.0;
  let dn = 3.442619855899;
  let tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * m1;
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * m1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  return { kn, wn, fn };
}

/** Source text (ours alone) defining mix, seedFor, u32, uni, normal over `env.zig`. */
export const RANDOM_JS = `
const KN = env.zig.kn, WN = env.zig.wn, FN = env.zig.fn;
let rs = 0;
function mix(x) {
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b);
  return x ^ (x >>> 16);
}
function seedFor(key, i, t) { return mix(mix(key ^ mix(i + 0x6a09e667)) + Math.imul(t, 0x27d4eb2f)); }
function u32() { rs = (rs + 0x9e3779b9) | 0; return mix(rs); }
function uni() { return ((u32() >>> 0) + 0.5) * 2.3283064365386963e-10; }
function normalTail(hz, iz) {
  for (;;) {
    let x = hz * WN[iz];
    if (iz === 0) {
      let y;
      do { x = -Math.log(uni()) * 0.29047645161474317; y = -Math.log(uni()); } while (y + y < x * x);
      return hz > 0 ? 3.442619855899 + x : -3.442619855899 - x;
    }
    if (FN[iz] + uni() * (FN[iz - 1] - FN[iz]) < Math.exp(-0.5 * x * x)) return x;
    hz = u32(); iz = hz & 127;
    if (Math.abs(hz) < KN[iz]) return hz * WN[iz];
  }
}
function normal() {
  const hz = u32(); const iz = hz & 127;
  return Math.abs(hz) < KN[iz] ? hz * WN[iz] : normalTail(hz, iz);
}
`;

/** The ziggurat's tables, made once (read only). */
let tables: ReturnType<typeof zigguratTables> | undefined;

/** `RANDOM_JS` followed by `body` (ours alone), run over the ziggurat's tables. */
function compileRandom<T>(body: string): T {
  tables ??= zigguratTables();
  return new Function('env', `${RANDOM_JS}\n${body}`)({ zig: tables }) as T;
}

export interface RandomModule {
  /** n standard normals of the stream (key, i, t). */
  normals(out: Float64Array, key: number, i: number, t: number): void;
  /** n uniforms in (0, 1) of the stream (key, i, t). */
  uniforms(out: Float64Array, key: number, i: number, t: number): void;
}

/** The random source compiled alone (for its tests and the benchmark). */
export function randomModule(): RandomModule {
  return compileRandom(`return {
  normals(out, key, i, t) { rs = seedFor(key, i, t); for (let k = 0; k < out.length; k++) out[k] = normal(); },
  uniforms(out, key, i, t) { rs = seedFor(key, i, t); for (let k = 0; k < out.length; k++) out[k] = uni(); },
};`);
}

/**
 * The same streams as the model engine draws from them: `seed(key, i, t)` fixes the stream of
 * particle i at step t, then `normals` and `picks` continue it.
 */
export interface RandomStream {
  seed(key: number, i: number, t: number): void;
  /** out[o … o + count) = standard normals. */
  normals(out: Float64Array, o: number, count: number): void;
  /** out[0 … count) = rows drawn uniformly from [0, n), with replacement (the formula kernels' `pick`). */
  picks(out: Int32Array, count: number, n: number): void;
}

export function randomStream(): RandomStream {
  return compileRandom(`return {
  seed(key, i, t) { rs = seedFor(key, i, t); },
  normals(out, o, count) { for (let k = 0; k < count; k++) out[o + k] = normal(); },
  picks(out, count, n) { for (let k = 0; k < count; k++) out[k] = Math.min(n - 1, Math.floor(uni() * n)); },
};`);
}
