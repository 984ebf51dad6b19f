/**
 * Generated data sets (SPEC §1 `data.vars`): `n` values of each variable drawn from one stream seeded
 * by the experiment's seed. Pure TypeScript, so the engine and the views draw the very same examples.
 */
import type { GeneratedVar } from '../experiment/experiment';
import { Rng } from './prng';

/** The examples of a loss: one float64 column per data variable, each of length n (the draws exactly). */
export interface GeneratedData {
  vars: string[];
  columns: Float64Array[];
  n: number;
}

/** Draws `n` values of each variable, in the order written, from one stream seeded by `seed`. */
export function generateData(vars: Record<string, GeneratedVar>, n: number, seed: number): GeneratedData {
  const rng = new Rng(seed);
  const names = Object.keys(vars);
  const columns = names.map((name) => {
    const gen = vars[name]!;
    const col = new Float64Array(n);
    if ('normal' in gen) {
      const [mean, sd] = gen.normal;
      for (let i = 0; i < n; i++) col[i] = mean + sd * rng.normal();
    } else {
      const [lo, hi] = gen.uniform;
      for (let i = 0; i < n; i++) col[i] = lo + (hi - lo) * rng.uniform();
    }
    return col;
  });
  return { vars: names, columns, n };
}
