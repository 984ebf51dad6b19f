/**
 * A model run's measures per particle (SPEC §13): the full training loss, the training accuracy, the
 * test loss and the test accuracy, MEASURES numbers per particle (NaN for a stopped one; accuracy NaN
 * for real targets, the test pair NaN without test data). A range of particles is measured where it
 * steps (any thread); the run's statistics sum them in particle order, so threads change no bit.
 */
import type { ModelData } from '../../../shared/data/model-data';
import type { RunStats } from '../api';
import type { RunArrays } from '../compiled/arrays';
import type { Mlp } from './mlp';

export const MEASURES = 4;

/** Measures particles [from, to) at step t into out; a live one whose training loss is not finite stops at t. */
export function measureRange(
  net: Mlp,
  data: ModelData,
  a: RunArrays,
  from: number,
  to: number,
  t: number,
  out: Float64Array,
): void {
  for (let i = from; i < to; i++) {
    const o = i * MEASURES;
    out.fill(NaN, o, o + MEASURES);
    if (!a.alive[i]) continue;
    const e = net.evaluate(a.phi, i * net.D, data.train);
    if (!(e.loss - e.loss === 0)) {
      a.alive[i] = 0;
      a.death[i] = Math.max(t, 1);
      continue;
    }
    out[o] = e.loss;
    out[o + 1] = e.accuracy;
    if (!data.test) continue;
    const te = net.evaluate(a.phi, i * net.D, data.test);
    out[o + 2] = te.loss;
    out[o + 3] = te.accuracy;
  }
}

/** The means over the live particles [0, P) of their measures, the loss's range and the stopped ones. */
export function summarizeMeasures(
  a: RunArrays,
  P: number,
  m: Float64Array,
): Pick<RunStats, 'loss' | 'lossMin' | 'lossMax' | 'diverged'> & {
  accuracy: number;
  testLoss: number;
  testAccuracy: number;
} {
  let live = 0;
  let min = Infinity;
  let max = -Infinity;
  const sum = [0, 0, 0, 0];
  let dead = 0;
  let first = Infinity;
  for (let i = 0; i < P; i++) {
    if (!a.alive[i]) {
      dead++;
      first = Math.min(first, a.death[i]!);
      continue;
    }
    live++;
    const L = m[i * MEASURES]!;
    min = Math.min(min, L);
    max = Math.max(max, L);
    for (let k = 0; k < MEASURES; k++) sum[k]! += m[i * MEASURES + k]!;
  }
  const mean = (k: number) => (live > 0 ? sum[k]! / live : NaN);
  return {
    loss: mean(0),
    lossMin: live > 0 ? min : NaN,
    lossMax: live > 0 ? max : NaN,
    diverged: dead > 0 ? { step: first, particles: dead } : null,
    accuracy: mean(1),
    testLoss: mean(2),
    testAccuracy: mean(3),
  };
}
