/** A run's statistics from its particles' last full losses, summed in float64 in particle order. */
import type { RunStats } from '../api';
import type { RunArrays } from './arrays';

export function summarize(a: RunArrays, P: number): Pick<RunStats, 'loss' | 'lossMin' | 'lossMax' | 'diverged'> {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let dead = 0;
  let first = Infinity;
  for (let i = 0; i < P; i++) {
    if (a.alive[i] === 0) {
      dead++;
      if (a.death[i]! < first) first = a.death[i]!;
      continue;
    }
    const L = a.loss[i]!;
    sum += L;
    count++;
    if (L < min) min = L;
    if (L > max) max = L;
  }
  return {
    loss: count > 0 ? sum / count : NaN,
    lossMin: count > 0 ? min : NaN,
    lossMax: count > 0 ? max : NaN,
    diverged: dead > 0 ? { step: first, particles: dead } : null,
  };
}
