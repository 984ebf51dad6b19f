/**
 * Learning-rate schedules (SPEC §4): η_t for t = 1, 2, … and whether a schedule meets the classical
 * convergence theorem's conditions (η_t → 0 and Σ η_t = ∞). Pure TypeScript: the renderer draws them.
 */
import { evaluateScalar, parseFormula, type ScalarFunction } from '../formula';
import type { Schedule } from '../experiment/experiment';

const compiled = new Map<string, ScalarFunction>();

function evaluateExpr(expr: string, t: number, lr: number): number {
  let fn = compiled.get(expr);
  if (!fn) {
    fn = evaluateScalar(parseFormula(expr, { params: ['t', 'lr'], dataVars: [] }));
    compiled.set(expr, fn);
  }
  return fn({ t, lr });
}

/**
 * η_t of a schedule with base rate `lr0` at step t (1-based; t = 0 is allowed and gives the start):
 * - constant: η₀
 * - step: η₀ · factor^#{a ∈ at : t ≥ a}
 * - inverse-time: η₀ / (1 + t/τ)
 * - exponential: η₀ γ^t
 * - cosine: min + (η₀ − min)(1 + cos(π min(t, T)/T))/2, so η_T = min and min after T
 * - warmup: η₀ t/W for t ≤ W (η₀/W at t = 1, η₀ at t = W), then `then` at step t − W
 * - expr: the formula with t and lr = η₀
 */
export function learningRate(schedule: Schedule, lr0: number, t: number): number {
  switch (schedule.type) {
    case 'constant':
      return lr0;
    case 'step': {
      let lr = lr0;
      for (const a of schedule.at) if (t >= a) lr *= schedule.factor;
      return lr;
    }
    case 'inverse-time':
      return lr0 / (1 + t / schedule.tau);
    case 'exponential':
      return lr0 * Math.pow(schedule.gamma, t);
    case 'cosine': {
      const p = Math.min(Math.max(t, 0), schedule.T) / schedule.T;
      return schedule.min + ((lr0 - schedule.min) * (1 + Math.cos(Math.PI * p))) / 2;
    }
    case 'warmup':
      if (t <= schedule.steps) return (lr0 * t) / schedule.steps;
      return learningRate(schedule.then, lr0, t - schedule.steps);
    case 'expr':
      return evaluateExpr(schedule.expr, t, lr0);
  }
}

/** The values η_1 … η_T, for plots. */
export function learningRates(schedule: Schedule, lr0: number, steps: number): number[] {
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) out.push(learningRate(schedule, lr0, t));
  return out;
}

export type Verdict = boolean | 'unknown';

export interface ConvergenceConditions {
  /** η_t → 0. */
  vanishes: Verdict;
  /** Σ η_t = ∞. */
  divergentSum: Verdict;
  /** Both: the classical convergence theorem applies. */
  meets: Verdict;
  /** Why, in one line. */
  reason: string;
}

function verdict(vanishes: Verdict, divergentSum: Verdict, reason: string): ConvergenceConditions {
  const meets: Verdict =
    vanishes === false || divergentSum === false
      ? false
      : vanishes === true && divergentSum === true
        ? true
        : 'unknown';
  return { vanishes, divergentSum, meets, reason };
}

/** Whether a schedule satisfies η_t → 0 and Σ η_t = ∞ (for `expr`, judged numerically or 'unknown'). */
export function meetsConvergenceConditions(schedule: Schedule, lr0 = 1): ConvergenceConditions {
  switch (schedule.type) {
    case 'constant':
      return verdict(false, true, 'a constant rate never vanishes');
    case 'step':
      return verdict(false, true, 'finitely many drops leave a constant rate > 0');
    case 'inverse-time':
      return verdict(true, true, 'η₀/(1 + t/τ) → 0 and its sum diverges like log t');
    case 'exponential':
      return schedule.gamma < 1
        ? verdict(true, false, 'η₀γᵗ → 0 but its sum is finite')
        : verdict(false, true, 'γ = 1 is a constant rate');
    case 'cosine':
      return schedule.min > 0
        ? verdict(false, true, 'the rate ends at min > 0 and never vanishes')
        : verdict(true, false, 'the rate is 0 after T steps: the sum is finite');
    case 'warmup': {
      const then = meetsConvergenceConditions(schedule.then, lr0);
      return { ...then, reason: `after warm-up: ${then.reason}` };
    }
    case 'expr':
      return judgeNumerically((t) => learningRate(schedule, lr0, t));
  }
}

/** Judges η_t → 0 and Σ η_t = ∞ from samples at t = 10², 10⁴, 10⁶, 10⁸. */
function judgeNumerically(eta: (t: number) => number): ConvergenceConditions {
  let samples: number[];
  try {
    samples = [1e2, 1e4, 1e6, 1e8].map(eta);
  } catch {
    return verdict('unknown', 'unknown', 'the formula could not be evaluated');
  }
  if (samples.some((v) => !Number.isFinite(v) || v < 0))
    return verdict('unknown', 'unknown', 'the rate is not finite and ≥ 0 at large t');
  const [a, , c, d] = samples as [number, number, number, number];
  const scale = Math.max(...samples, eta(1));
  let vanishes: Verdict = 'unknown';
  if (d <= 1e-6 * scale || d === 0) vanishes = true;
  else if (d >= 0.5 * c) vanishes = false;
  let divergentSum: Verdict = 'unknown';
  if (vanishes === false) divergentSum = d > 0;
  else if (d === 0 && c === 0) divergentSum = false;
  else {
    const ratio = (1e8 * d) / (1e6 * c || Number.MIN_VALUE);
    if (ratio >= 0.9) divergentSum = true;
    else if (ratio <= 0.1 || 1e8 * d < 1e-3 * a) divergentSum = false;
  }
  return verdict(vanishes, divergentSum, 'judged numerically from η_t up to t = 10⁸');
}
