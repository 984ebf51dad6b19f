/**
 * The counter-keyed generator's WGSL spelling (counter-js.ts is its JavaScript one): the same
 * counter-based streams, so the same (key, particle, step) gives the same u32 sequence on the CPU and
 * the GPU — seed_for hashes the key, particle and step with the lowbias32 mixer (mix32), u32_next steps a Weyl
 * state through it.
 *
 * - `pick()` turns one u32 into a row index exactly as the CPU does (floor((u + ½)·n / 2³²), here in
 *   integer arithmetic): minibatch runs draw the same rows on both targets (for n < 2²⁰, where the
 *   CPU's float64 product is exact enough to floor the same way).
 * - `normal()` is Box–Muller over two float32 uniforms (the CPU uses a ziggurat in float64): noisy runs
 *   agree with the CPU statistically, not draw for draw.
 */

/** WGSL source (ours alone) of mix, seed_for, u32_next, uni, normal and, with data, pick. */
export function wgslRandom(rows: number): string {
  const lines = [
    `var<private> rs: u32;`,
    `var<private> spare: f32;`,
    `var<private> has_spare: bool;`,
    `fn mix32(x0: u32) -> u32 {`,
    `  var x = x0; x = x ^ (x >> 16u); x = x * 0x7feb352du;`,
    `  x = x ^ (x >> 15u); x = x * 0x846ca68bu;`,
    `  return x ^ (x >> 16u);`,
    `}`,
    `fn seed_for(key: u32, i: u32, t: u32) {`,
    `  rs = mix32(mix32(key ^ mix32(i + 0x6a09e667u)) + t * 0x27d4eb2fu); has_spare = false;`,
    `}`,
    `fn u32_next() -> u32 { rs = rs + 0x9e3779b9u; return mix32(rs); }`,
    `fn uni() -> f32 { return (f32(u32_next() >> 8u) + 0.5) * (1.0 / 16777216.0); }`,
    `fn normal() -> f32 {`,
    `  if (has_spare) { has_spare = false; return spare; }`,
    `  let r = sqrt(-2.0 * log(uni())); let a = 6.283185307179586 * uni();`,
    `  spare = r * sin(a); has_spare = true;`,
    `  return r * cos(a);`,
    `}`,
  ];
  if (rows > 0)
    lines.push(
      // floor((a·b + c) / 2³²) from 16-bit limbs (WGSL has no 64-bit integers).
      `fn mul_hi(a: u32, b: u32, c: u32) -> u32 {`,
      `  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;`,
      `  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;`,
      `  let low = (p00 & 0xffffu) + (c & 0xffffu);`,
      `  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu) + (c >> 16u) + (low >> 16u);`,
      `  return p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);`,
      `}`,
      `fn pick() -> u32 { return min(${rows - 1}u, mul_hi(u32_next(), ${rows}u, ${Math.floor(rows / 2)}u)); }`,
    );
  return lines.join('\n');
}
