/**
 * The optimizers' running-average lengths: defaults, N ↔ β, and batch-size scaling (SPEC §3, §5).
 * Pure functions shared by the engine (which steps with them) and the views (which show them).
 */
import type { Optimizer, Run } from './experiment';

/** Defaults when neither N nor β is given. */
export const DEFAULT_N = { momentum: 10, 'momentum-ema': 10, nesterov: 10, rmsprop: 100, Ng: 10, Ns: 1000 } as const;

/** N from N or β = 1 − 1/N (N = 1/(1 − β)). */
export function averageLength(N: number | undefined, beta: number | undefined, fallback: number): number {
  if (N !== undefined) return N;
  if (beta !== undefined) return 1 / (1 - beta);
  return fallback;
}

/** Fills the default N of an optimizer where neither N nor β was given (the normalized form). */
export function fillAverageDefaults(opt: Optimizer): Optimizer {
  switch (opt.type) {
    case 'momentum':
    case 'momentum-ema':
    case 'nesterov':
    case 'rmsprop':
      return opt.N === undefined && opt.beta === undefined ? { ...opt, N: DEFAULT_N[opt.type] } : opt;
    case 'adam-simplified': {
      const out = { ...opt };
      if (out.Ng === undefined && out.betaG === undefined) out.Ng = DEFAULT_N.Ng;
      if (out.Ns === undefined && out.betaS === undefined) out.Ns = DEFAULT_N.Ns;
      return out;
    }
    default:
      return opt;
  }
}

/** The batch B of a run's gradient estimate (1 for an exact gradient). */
export function runBatch(run: Pick<Run, 'gradient'>): number {
  return run.gradient.kind === 'exact' ? 1 : run.gradient.batch;
}

/**
 * The optimizer a run actually steps with: N given as N (β converted), and with `batchScaling`
 * {from: B₀} rescaled to the run's batch B: η_B = (B/B₀) η, N_μ,B = max(1, N_μ,B₀ · B₀/B) for
 * momentum, momentum-ema, nesterov and adam-simplified's first moment; N_s is unchanged.
 */
export function effectiveOptimizer(run: Pick<Run, 'optimizer' | 'gradient' | 'batchScaling'>): Optimizer {
  const opt = fillAverageDefaults(run.optimizer);
  const B = runBatch(run);
  const B0 = run.batchScaling?.from;
  const k = B0 === undefined ? 1 : B / B0;
  const scaleN = (N: number) => (B0 === undefined ? N : Math.max(1, N / k));
  switch (opt.type) {
    case 'momentum':
    case 'momentum-ema':
    case 'nesterov':
      return { type: opt.type, lr: opt.lr * k, N: scaleN(averageLength(opt.N, opt.beta, DEFAULT_N[opt.type])) };
    case 'rmsprop':
      return { ...withoutBeta(opt), lr: opt.lr * k, N: averageLength(opt.N, opt.beta, DEFAULT_N.rmsprop) };
    case 'adam-simplified': {
      const { betaG: _g, betaS: _s, ...rest } = opt;
      return {
        ...rest,
        lr: opt.lr * k,
        Ng: scaleN(averageLength(opt.Ng, opt.betaG, DEFAULT_N.Ng)),
        Ns: averageLength(opt.Ns, opt.betaS, DEFAULT_N.Ns),
      };
    }
    default:
      return { ...opt, lr: opt.lr * k };
  }
}

function withoutBeta<T extends { beta?: number }>(opt: T): Omit<T, 'beta'> {
  const { beta: _b, ...rest } = opt;
  return rest;
}
