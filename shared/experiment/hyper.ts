/**
 * The optimizers' running-average lengths: defaults, N ↔ β, and batch-size scaling (SPEC §3, §5).
 * Pure functions shared by the engine (which steps with them) and the views (which show them); the
 * facts themselves (which averages an optimizer has, their defaults, how η scales) come from the
 * optimizer table in shared/optim/descriptors.ts.
 */
import { averageOf, optimizerDescriptor } from '../optim/descriptors';
import type { Optimizer, Run } from './experiment';

/** Fills the default N of an optimizer where neither N nor β was given (the normalized form). */
export function fillAverageDefaults(opt: Optimizer): Optimizer {
  const out = { ...opt } as Record<string, unknown>;
  for (const f of optimizerDescriptor(opt.type).averages)
    if (out[f.n] === undefined && out[f.beta] === undefined) out[f.n] = f.default;
  return out as Optimizer;
}

/** The batch B of a run's gradient estimate (1 for an exact gradient). */
export function runBatch(run: Pick<Run, 'gradient'>): number {
  return run.gradient.kind === 'exact' ? 1 : run.gradient.batch;
}

/**
 * The optimizer a run actually steps with: every N given as N (β converted), and with `batchScaling`
 * {from: B₀} rescaled to the run's batch B (k = B/B₀): η_B = k η, or k² η for the heavy-ball forms
 * (momentum, nesterov: η = η′/N, SPEC §5 ⚠); N_B = max(1, N·B₀/B) for first moments (momentum,
 * momentum-ema, nesterov, adam-simplified's N_g); second moments keep N_s.
 */
export function effectiveOptimizer(run: Pick<Run, 'optimizer' | 'gradient' | 'batchScaling'>): Optimizer {
  const opt = run.optimizer;
  const d = optimizerDescriptor(opt.type);
  const B0 = run.batchScaling?.from;
  const k = B0 === undefined ? 1 : runBatch(run) / B0;
  const out = { ...opt, lr: opt.lr * k ** d.lrPower } as Record<string, unknown>;
  for (const f of d.averages) {
    const N = averageOf(opt, f);
    delete out[f.beta];
    out[f.n] = f.scalesWithBatch && B0 !== undefined ? Math.max(1, N / k) : N;
  }
  return out as Optimizer;
}
