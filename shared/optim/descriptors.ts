/**
 * One home per optimizer: its running-average lengths (defaults, N ↔ β, which ones batch scaling
 * shortens), how η scales with the batch (SPEC §5), and its per-coordinate update equations. The
 * schema's normalization (shared/spec/hyper.ts), the compiled kernels (JavaScript and WGSL targets)
 * and the views derive from this table; adding an optimizer is one entry here.
 *
 * Update equations are written in a small language of our own (never user text): statements
 * `name = expr` (a state slot or x) and `name := expr` (a temporary), over x (the coordinate), g (ĝ),
 * q (Σ_b ĝ_b², when `needsExamples`), lr (η_t), the slots, the run's constants and the step's values;
 * functions sqrt and sign. Statements run in order, per coordinate.
 */
import type { Optimizer, OptimizerType } from '../spec/experiment';

/** A running-average length N of an optimizer (given as N or as β = 1 − 1/N). */
export interface AverageField {
  /** The field that holds N (`N`, `Ng`, `Ns`). */
  n: string;
  /** The field that holds β instead (`beta`, `betaG`, `betaS`). */
  beta: string;
  default: number;
  /** Batch scaling N_B = N·B₀/B applies (first moments); else N is kept (second moments). */
  scalesWithBatch: boolean;
}

export interface KernelRule {
  /** Per-coordinate state, all starting at 0. */
  slots: readonly string[];
  /** The run's constants (from the effective optimizer: N resolved, batch scaling applied). */
  constants(opt: Optimizer, batch: number): Record<string, number>;
  /** Values that change with the step t (1-based), besides lr. */
  perStep?: { names: readonly string[]; values(opt: Optimizer, t: number, batch: number): number[] };
  /** Whether the update reads q = Σ_b ĝ_b² (second moments over examples). */
  needsExamples(opt: Optimizer): boolean;
  update(opt: Optimizer): readonly string[];
}

export interface OptimizerDescriptor {
  type: OptimizerType;
  label: string;
  /** The update rule, as the README and the tooltips show it. */
  rule: string;
  averages: readonly AverageField[];
  /** η_B = (B/B₀)^lrPower η under batch scaling: 1, or 2 for the heavy-ball forms (η = η′/N). */
  lrPower: 1 | 2;
  kernel: KernelRule;
}

const field = (opt: Optimizer, name: string): number | undefined =>
  (opt as unknown as Record<string, number | undefined>)[name];

/** N of an average from an effective optimizer (where N is always resolved). */
export function averageOf(opt: Optimizer, f: AverageField): number {
  const n = field(opt, f.n);
  if (n !== undefined) return n;
  const beta = field(opt, f.beta);
  return beta !== undefined ? 1 / (1 - beta) : f.default;
}

const betaOf = (opt: Optimizer, f: AverageField) => 1 - 1 / averageOf(opt, f);
const examples = (opt: Optimizer) => (opt as { secondMoment?: string }).secondMoment === 'examples';
const num = (opt: Optimizer, name: string) => field(opt, name) ?? 0;

const N: AverageField = { n: 'N', beta: 'beta', default: 10, scalesWithBatch: true };

export const OPTIMIZERS: readonly OptimizerDescriptor[] = [
  {
    type: 'sgd',
    label: 'SGD',
    rule: 'Φ −= η ĝ',
    averages: [],
    lrPower: 1,
    kernel: { slots: [], constants: () => ({}), needsExamples: () => false, update: () => ['x = x - lr * g'] },
  },
  {
    type: 'momentum',
    label: 'Momentum (heavy ball)',
    rule: 'v = β v + η ĝ; Φ −= v',
    averages: [N],
    lrPower: 2,
    kernel: {
      slots: ['v'],
      constants: (o) => ({ beta: betaOf(o, N) }),
      needsExamples: () => false,
      update: () => ['v = beta * v + lr * g', 'x = x - v'],
    },
  },
  {
    type: 'momentum-ema',
    label: 'Momentum (averaged)',
    rule: 'μ = β μ + (1 − β) ĝ; Φ −= η′ μ',
    averages: [N],
    lrPower: 1,
    kernel: {
      slots: ['m'],
      constants: (o) => ({ beta: betaOf(o, N), omb: 1 - betaOf(o, N) }),
      needsExamples: () => false,
      update: () => ['m = beta * m + omb * g', 'x = x - lr * m'],
    },
  },
  {
    type: 'nesterov',
    label: 'Nesterov',
    rule: 'v = β v + η ĝ; Φ −= β v + η ĝ',
    averages: [N],
    lrPower: 2,
    kernel: {
      slots: ['v'],
      constants: (o) => ({ beta: betaOf(o, N) }),
      needsExamples: () => false,
      update: () => ['v = beta * v + lr * g', 'x = x - (beta * v + lr * g)'],
    },
  },
  {
    type: 'rmsprop',
    label: 'RMSProp',
    rule: 's = β s + (1 − β) ĝ²; Φ −= η ĝ / √(s + ε)',
    averages: [{ n: 'N', beta: 'beta', default: 100, scalesWithBatch: false }],
    lrPower: 1,
    kernel: {
      slots: ['s'],
      constants: (o, B) => {
        const Ns = averageOf(o, { n: 'N', beta: 'beta', default: 100, scalesWithBatch: false });
        return { beta: 1 - 1 / Ns, omb: 1 / Ns, decay: 1 - B / Ns, invN: 1 / Ns, eps: num(o, 'eps') };
      },
      needsExamples: examples,
      update: (o) => [
        examples(o) ? 's = decay * s + invN * q' : 's = beta * s + omb * g * g',
        'x = x - lr * g / sqrt(s + eps)',
      ],
    },
  },
  {
    type: 'adam',
    label: 'Adam',
    rule: 'm = β₁ m + (1 − β₁) ĝ; v = β₂ v + (1 − β₂) ĝ²; Φ −= η m̂ / (√v̂ + ε)',
    averages: [],
    lrPower: 1,
    kernel: adamKernel(false),
  },
  {
    type: 'adam-simplified',
    label: 'Adam (notes)',
    rule: 'μ = (1 − 1/min(t, N_g)) μ + ĝ/min(t, N_g); s likewise with N_s, ĝ²; Φ −= η μ / (√s + ε)',
    averages: [
      { n: 'Ng', beta: 'betaG', default: 10, scalesWithBatch: true },
      { n: 'Ns', beta: 'betaS', default: 1000, scalesWithBatch: false },
    ],
    lrPower: 1,
    kernel: {
      slots: ['m', 's'],
      constants: (o) => ({ eps: num(o, 'eps') }),
      perStep: {
        names: ['am', 'bm', 'as', 'bs'],
        values(o, t, B) {
          const Ng = averageOf(o, { n: 'Ng', beta: 'betaG', default: 10, scalesWithBatch: true });
          const Ns = averageOf(o, { n: 'Ns', beta: 'betaS', default: 1000, scalesWithBatch: false });
          const kg = Math.min(t, Ng);
          const ks = examples(o) ? Math.min(t * B, Ns) : Math.min(t, Ns);
          const keep = examples(o) ? 1 - B / ks : 1 - 1 / ks;
          return [1 - 1 / kg, 1 / kg, keep, 1 / ks];
        },
      },
      needsExamples: examples,
      update: (o) => [
        'm = am * m + bm * g',
        examples(o) ? 's = as * s + bs * q' : 's = as * s + bs * g * g',
        'x = x - lr * m / (sqrt(s) + eps)',
      ],
    },
  },
  {
    type: 'adagrad',
    label: 'AdaGrad',
    rule: 's += ĝ²; Φ −= η ĝ / (√s + ε)',
    averages: [],
    lrPower: 1,
    kernel: {
      slots: ['s'],
      constants: (o) => ({ eps: num(o, 'eps') }),
      needsExamples: () => false,
      update: () => ['s = s + g * g', 'x = x - lr * g / (sqrt(s) + eps)'],
    },
  },
  {
    type: 'adamw',
    label: 'AdamW',
    rule: 'Adam, then Φ −= η λ Φ (decoupled weight decay)',
    averages: [],
    lrPower: 1,
    kernel: adamKernel(true),
  },
  {
    type: 'lion',
    label: 'Lion',
    rule: 'Φ −= η (sign(β₁ m + (1 − β₁) ĝ) + λ Φ); m = β₂ m + (1 − β₂) ĝ',
    averages: [],
    lrPower: 1,
    kernel: {
      slots: ['m'],
      constants: (o) => ({
        b1: num(o, 'beta1'),
        omb1: 1 - num(o, 'beta1'),
        b2: num(o, 'beta2'),
        omb2: 1 - num(o, 'beta2'),
        wd: num(o, 'weightDecay'),
      }),
      needsExamples: () => false,
      update: () => ['c := b1 * m + omb1 * g', 'm = b2 * m + omb2 * g', 'x = x - lr * (sign(c) + wd * x)'],
    },
  },
];

/** Adam's kernel (published form), with AdamW's decoupled weight decay when asked. */
function adamKernel(decoupled: boolean): KernelRule {
  return {
    slots: ['m', 'v'],
    constants: (o) => ({
      b1: num(o, 'beta1'),
      omb1: 1 - num(o, 'beta1'),
      b2: num(o, 'beta2'),
      omb2: 1 - num(o, 'beta2'),
      eps: num(o, 'eps'),
      ...(decoupled ? { wd: num(o, 'weightDecay') } : {}),
    }),
    perStep: {
      names: ['c1', 'c2'],
      // 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ): m̂ = c1 m, v̂ = c2 v.
      values: (o, t) => [1 / (1 - Math.pow(num(o, 'beta1'), t)), 1 / (1 - Math.pow(num(o, 'beta2'), t))],
    },
    needsExamples: () => false,
    update: () => [
      'm = b1 * m + omb1 * g',
      'v = b2 * v + omb2 * g * g',
      decoupled
        ? 'x = x - lr * ((c1 * m) / (sqrt(c2 * v) + eps) + wd * x)'
        : 'x = x - lr * (c1 * m) / (sqrt(c2 * v) + eps)',
    ],
  };
}

const BY_TYPE = new Map(OPTIMIZERS.map((d) => [d.type, d]));

export function optimizerDescriptor(type: OptimizerType): OptimizerDescriptor {
  const d = BY_TYPE.get(type);
  if (!d) throw new Error(`no descriptor for optimizer ${type}`);
  return d;
}
