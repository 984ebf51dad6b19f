/**
 * The engine's random streams: the stream ids, the key hash, and a keyed sfc32 generator. Every draw
 * comes from a stream keyed by (seed, run index, step, stream id), so a run is fixed by its file and
 * seed, independent of how many steps are taken at a time and of the backend. TensorFlow.js draws from
 * `streamRng` (numbers made here in JS and uploaded as tensors); the compiled kernels, WebGPU and the
 * model engine hash their key here (`hashKey`) and draw from the counter-based generator
 * (counter-js.ts, counter-wgsl.ts).
 *
 * The data sets' generator (shared/data/prng.ts) is apart on purpose: it is a plain seeded sequence
 * (one seed, no step or particle key) for another job — generated data sets, the theory gallery's
 * gradient sequence and the landscape's random planes — and it lives in `shared/`, which the renderer
 * imports and which may not import the engine.
 */

/** Stream ids: one per kind of draw, so adding draws of one kind never shifts another. */
export const Stream = {
  start: 1,
  batch: 2,
  gaussian: 3,
  langevin: 4,
  sigmaSample: 5,
  /** A model's initial weights Φ₀ (SPEC §13), keyed by the seed alone: every run shares them. */
  modelInit: 6,
} as const;

function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a key of unsigned integers (each < 2^53). */
export function hashKey(...key: number[]): number {
  let h = 0x9e3779b9;
  for (const k of key) {
    const lo = k >>> 0;
    const hi = Math.floor(k / 4294967296) >>> 0;
    h = mix32(h ^ mix32(lo + 0x6a09e667));
    h = mix32(h ^ mix32(hi + 0xbb67ae85));
  }
  return h;
}

/** sfc32: a small, fast generator with a 128-bit state, seeded from the key. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...key: number[]) {
    const h = hashKey(...key);
    this.a = mix32(h ^ 0x243f6a88);
    this.b = mix32(h ^ 0x85a308d3);
    this.c = mix32(h ^ 0x13198a2e);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in (0, 1), never 0. */
  uniform(): number {
    return (this.nextU32() + 0.5) / 4294967296;
  }

  /** n standard normal draws (Box–Muller). */
  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(this.uniform()));
      const th = 2 * Math.PI * this.uniform();
      out[i] = r * Math.cos(th);
      if (i + 1 < n) out[i + 1] = r * Math.sin(th);
    }
    return out;
  }

  /** n integers uniform in [0, max) (max < 2^32; the modulo bias is below 2^-32·max). */
  ints(n: number, max: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.uniform() * max);
    return out;
  }
}

/** The generator of one kind of draw at one step of one run. */
export function streamRng(seed: number, run: number, step: number, stream: number, sub = 0): Rng {
  return sub === 0 ? new Rng(seed, run, step, stream) : new Rng(seed, run, step, stream, sub);
}
