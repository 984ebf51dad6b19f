/**
 * One home per optimizer: its fields with their defaults, labels and tooltips (the experiment file's
 * schema, schema.ts, and the run editor's fields, editor.ts, are derived from them), its running-average
 * lengths (N ↔ β, which ones batch scaling shortens), how η scales with the batch (SPEC §5), and its
 * per-coordinate update equations, which every backend interprets or prints: the compiled JavaScript and
 * WGSL kernels, TensorFlow.js (src-main/engine/tfjs/interpret-optimizer.ts) and the float64 views (averages.ts).
 * Adding an optimizer is one entry here (registry.ts adds a test's own).
 *
 * Update equations are written in a small language of our own (language.ts, never user text):
 * statements `name = expr` (a state slot or x) and `name := expr` (a temporary), over x (the
 * coordinate), g (ĝ), q (Σ_b ĝ_b², when `needsExamples`), lr (η_t), the slots, the run's constants and
 * the step's values; functions sqrt and sign. Statements run in order, per coordinate.
 */
import {
  average,
  decayParam,
  nonNegativeParam,
  secondMomentParam,
  type AverageField,
  type KernelRule,
  type OptimizerDescriptor,
  type OptimizerSettings,
} from './entry';

export type { AverageField, KernelRule, OptimizerDescriptor } from './entry';

const field = (opt: OptimizerSettings, name: string): number | undefined => opt[name] as number | undefined;

/** N of an average from an effective optimizer (where N is always resolved). */
export function averageOf(opt: OptimizerSettings, f: AverageField): number {
  const n = field(opt, f.n);
  if (n !== undefined) return n;
  const beta = field(opt, f.beta);
  return beta !== undefined ? 1 / (1 - beta) : f.default;
}

const betaOf = (opt: OptimizerSettings, f: AverageField) => 1 - 1 / averageOf(opt, f);
const examples = (opt: OptimizerSettings) => opt.secondMoment === 'examples';
const num = (opt: OptimizerSettings, name: string) => field(opt, name) ?? 0;

const N = average('N', 'beta', 10, true, 'N', 'Averaging length N (β = 1 − 1/N)');
const NS = average('N', 'beta', 100, false, 'N', 'Averaging length N of ĝ² (β = 1 − 1/N)');
const NG_SIMPLE = average('Ng', 'betaG', 10, true, 'N_g', 'Averaging length of ĝ: min(t, N_g) steps');
const NS_SIMPLE = average('Ns', 'betaS', 1000, false, 'N_s', 'Averaging length of ĝ²: min(t, N_s) steps');
const eps = (fallback = 1e-8) => nonNegativeParam('eps', fallback, 'ε', 'ε keeps the division finite', true);
const beta1 = (b: number) => decayParam('beta1', b, 'β₁', 'Decay of the first moment m');
const beta2 = (b: number) => decayParam('beta2', b, 'β₂', 'Decay of the second moment v');
const lambda = (l: number) => nonNegativeParam('weightDecay', l, 'λ', 'Decoupled weight decay λ');

export const OPTIMIZERS = [
  {
    type: 'sgd',
    label: 'SGD',
    rule: 'Φ −= η ĝ',
    averages: [],
    params: [],
    lrPower: 1,
    kernel: { slots: [], constants: () => ({}), needsExamples: () => false, update: () => ['x = x - lr * g'] },
  },
  {
    type: 'momentum',
    label: 'Momentum (heavy ball)',
    rule: 'v = β v + η ĝ; Φ −= v',
    averages: [N],
    params: [],
    lrPower: 2,
    symbols: { v: 'v (velocity)' },
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
    params: [],
    lrPower: 1,
    lrScale: 'N',
    symbols: { m: 'μ' },
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
    params: [],
    lrPower: 2,
    symbols: { v: 'v (velocity)' },
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
    averages: [NS],
    params: [eps(), secondMomentParam],
    lrPower: 1,
    symbols: { s: 's' },
    kernel: {
      slots: ['s'],
      constants: (o, B) => {
        const Ns = averageOf(o, NS);
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
    params: [beta1(0.9), beta2(0.999), eps()],
    lrPower: 1,
    corrections: { m: 'c1', v: 'c2' },
    kernel: adamKernel(false),
  },
  {
    type: 'adam-simplified',
    label: 'Adam (notes)',
    rule: 'μ = (1 − 1/min(t, N_g)) μ + ĝ/min(t, N_g); s likewise with N_s, ĝ²; Φ −= η μ / (√s + ε)',
    averages: [NG_SIMPLE, NS_SIMPLE],
    params: [eps(), secondMomentParam],
    lrPower: 1,
    symbols: { m: 'μ', s: 's' },
    kernel: {
      slots: ['m', 's'],
      constants: (o) => ({ eps: num(o, 'eps') }),
      perStep: {
        names: ['am', 'bm', 'as', 'bs'],
        values(o, t, B) {
          const kg = Math.min(t, averageOf(o, NG_SIMPLE));
          const Ns = averageOf(o, NS_SIMPLE);
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
    params: [eps(1e-10)],
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
    params: [beta1(0.9), beta2(0.999), eps(), lambda(0.01)],
    lrPower: 1,
    corrections: { m: 'c1', v: 'c2' },
    kernel: adamKernel(true),
  },
  {
    type: 'lion',
    label: 'Lion',
    rule: 'Φ −= η (sign(β₁ m + (1 − β₁) ĝ) + λ Φ); m = β₂ m + (1 − β₂) ĝ',
    averages: [],
    params: [beta1(0.9), decayParam('beta2', 0.99, 'β₂', 'Decay of the momentum m'), lambda(0)],
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
] as const satisfies readonly OptimizerDescriptor[];

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

/** The table's entries, as the derived types read them. */
export type BuiltinOptimizer = (typeof OPTIMIZERS)[number];

export { optimizerDescriptor, registeredOptimizers, registerOptimizer } from './registry';
