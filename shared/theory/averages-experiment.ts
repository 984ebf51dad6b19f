/**
 * The running-averages experiment's series: one gradient sequence g_t = g + σ ε_t fed to three of the
 * table's optimizers (shared/optim/descriptors.ts, stepped by shared/optim/averages.ts) with lr = 0,
 * so their state is the average alone — the plain EMA from a zero start (momentum, averaged: μ), the
 * min(t, N) average (Adam as in the notes: μ) and Adam's EMA m with its bias correction m̂ — and the
 * expectations of each over the noise, the closed forms the view draws them against.
 */
import { Rng } from '../data/prng';
import { stateCorrections, stateSequence } from '../optim/averages';
import type { Optimizer } from '../experiment/experiment';

/** The three optimizers of average length N whose first state slot is the average. */
export function averagingOptimizers(N: number): { ema: Optimizer; minT: Optimizer; adam: Optimizer } {
  return {
    ema: { type: 'momentum-ema', lr: 0, N },
    minT: { type: 'adam-simplified', lr: 0, Ng: N, Ns: N, eps: 1e-8, secondMoment: 'batch' },
    adam: { type: 'adam', lr: 0, beta1: 1 - 1 / N, beta2: 0.999, eps: 1e-8 },
  };
}

/** The averages of one sequence, each at steps t = 1 … T. */
export interface AverageSeries {
  t: number[];
  g: number[];
  /** μ_t = β μ + (1 − β) g from μ₀ = 0: biased towards 0 while t ≲ N. */
  ema: number[];
  /** μ_t = (1 − 1/k) μ + g/k with k = min(t, N): unbiased from the first step. */
  minT: number[];
  /** Adam's m (the same EMA as `ema` with β₁ = 1 − 1/N). */
  adamRaw: number[];
  /** m̂ = m / (1 − β₁ᵗ). */
  adamHat: number[];
}

/** The three averages (length N) of the sequence `g`, from the table's own update rules. */
export function averagesOf(g: readonly number[], N: number): AverageSeries {
  const o = averagingOptimizers(N);
  const first = (opt: Optimizer) => stateSequence(opt, g).map((s) => Object.values(s.slots)[0]!);
  const adamRaw = first(o.adam);
  return {
    t: g.map((_, i) => i + 1),
    g: [...g],
    ema: first(o.ema),
    minT: first(o.minT),
    adamRaw,
    adamHat: adamRaw.map((m, i) => m * stateCorrections(o.adam, i + 1)[0]!),
  };
}

/** A seeded sequence g_t = mean + sd ε_t, ε_t ~ N(0, 1), t = 1 … T. */
export function noisySequence(mean: number, sd: number, T: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: T }, () => mean + sd * rng.normal());
}

/**
 * The expectation of each average over the noise of a sequence of mean `mean`: the EMA's is
 * mean·(1 − βᵗ) (its start-up bias), the min(t, N) average's and m̂'s are the mean itself.
 */
export function expectedAverages(mean: number, N: number, T: number): { ema: number[]; unbiased: number[] } {
  const beta = 1 - 1 / N;
  return {
    ema: Array.from({ length: T }, (_, i) => mean * (1 - beta ** (i + 1))),
    unbiased: Array.from({ length: T }, () => mean),
  };
}
