/**
 * The gradient estimate of one particle's sgd step, written once for both kernels (JavaScript and
 * WGSL): sets `L` (the loss the step sees), `g<d>` (ĝ) and, when the rule reads it, `q<d>` = Σ_b ĝ_b²
 * (SPEC §2):
 * - exact: ĝ = ∇L over every row;
 * - gaussian: ĝ = ∇L + F z with F the factor of Σ/B; with q, ĝ_b = ∇L + F_Σ z_b for b = 1…B, ĝ their
 *   mean (so ĝ = ∇L + N(0, Σ/B)) and q = Σ_b ĝ_b²;
 * - minibatch: ĝ = (1/B) Σ_b ∇L_{j_b}, B examples drawn uniformly with replacement.
 * A `KernelSpelling` says how each kernel calls its loss, draws and loops; the shape is written here.
 */
import { gaussianGradientLines, gaussianSampleLines, normalLine, range, type Dialect } from './dialect';
import type { KernelPlan } from './plan';

/** How one kernel spells the pieces the estimate is made of. */
export interface KernelSpelling {
  dialect: Dialect;
  /** The full loss and gradient at the named coordinates, into `R` (`R[0]` the loss). */
  full(xs: string): string;
  /** One example's loss and gradient at the coordinates, for a row it picks, into `exampleOut`. */
  example(xs: string): string;
  exampleOut: string;
  /** Seeds the random stream with a key for this particle and step. */
  seed(key: number): string;
  /** Declares the names as zeros that are added to. */
  zeros(names: string[]): string;
  /** Opens a loop of `v` (default `b`) over 0…count − 1. */
  loop(count: number, v?: string): string;
  /** A statement run only in the first pass of the loop of `v`. */
  onFirst(v: string, statement: string): string;
  /** A count as a divisor. */
  count(n: number): string;
  /** The full gradient at the coordinates as the named RK4 stage (flow-code.ts). */
  stage(name: string, args: string, D: number): string;
  /** Coordinate d of a stage's gradient. */
  stageAt(name: string, d: number): string;
  /** h/2 as a factor. */
  half: string;
}

/** The estimate's lines for `plan` in kernel `k`. */
export function estimateLines(k: KernelSpelling, plan: KernelPlan): string[] {
  const c = k.dialect.constant;
  const ds = range(plan.D);
  const xs = ds.map((d) => `x${d}`).join(', ');
  const g = plan.gradient;
  const needQ = plan.needsExamples;
  if (g.kind === 'exact')
    return [
      `${k.full(xs)} ${c} L = R[0];`,
      ...ds.map((d) => `${c} g${d} = R[${d + 1}];${needQ ? ` ${c} q${d} = g${d} * g${d};` : ''}`),
    ];
  const B = plan.batch;
  const sums = ds.map((d) => k.zeros([`h${d}`, `r${d}`])).join(' ');
  if (g.kind === 'gaussian') {
    const head = `${k.full(xs)} ${c} L = R[0]; ${k.seed(plan.keys.gaussian)}`;
    if (!needQ) return [head, normalLine(k.dialect, plan.D), ...gaussianGradientLines(k.dialect, plan)];
    return [
      head,
      sums,
      k.loop(B),
      normalLine(k.dialect, plan.D),
      ...gaussianSampleLines(k.dialect, plan),
      `}`,
      ...ds.map((d) => `${c} g${d} = h${d} / ${k.count(B)}; ${c} q${d} = r${d};`),
    ];
  }
  const E = k.exampleOut;
  return [
    `${k.seed(plan.keys.batch)} ${k.zeros(['l'])} ${sums}`,
    `${k.loop(B)} ${k.example(xs)} l += ${E}[0];`,
    ...ds.map((d) => `h${d} += ${E}[${d + 1}];${needQ ? ` r${d} += ${E}[${d + 1}] * ${E}[${d + 1}];` : ''}`),
    `}`,
    `${c} L = l / ${k.count(B)};`,
    ...ds.map((d) => `${c} g${d} = h${d} / ${k.count(B)};${needQ ? ` ${c} q${d} = r${d};` : ''}`),
  ];
}
