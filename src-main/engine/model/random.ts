/**
 * The compiled kernels' counter-based random numbers (kernel/random-source.ts) as a stream the model
 * engine draws from: `seed(key, i, t)` fixes the stream of particle i at step t, then `normals` and
 * `picks` continue it. Every draw is fixed by (key, particle, step), so how particles are split over
 * threads, or in which order they step, changes no number.
 */
import { RANDOM_JS, zigguratTables } from '../kernel/random-source';

export interface RandomStream {
  seed(key: number, i: number, t: number): void;
  /** out[o … o + count) = standard normals. */
  normals(out: Float64Array, o: number, count: number): void;
  /** out[0 … count) = rows drawn uniformly from [0, n), with replacement (the formula kernels' `pick`). */
  picks(out: Int32Array, count: number, n: number): void;
}

let tables: ReturnType<typeof zigguratTables> | undefined;

export function randomStream(): RandomStream {
  tables ??= zigguratTables();
  const body = `${RANDOM_JS}
return {
  seed(key, i, t) { rs = seedFor(key, i, t); },
  normals(out, o, count) { for (let k = 0; k < count; k++) out[o + k] = normal(); },
  picks(out, count, n) { for (let k = 0; k < count; k++) out[k] = Math.min(n - 1, Math.floor(uni() * n)); },
};`;
  // The source is ours alone (RANDOM_JS and the three lines above).
  return new Function('env', body)({ zig: tables }) as RandomStream;
}
