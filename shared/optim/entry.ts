/**
 * What one entry of the optimizer table (descriptors.ts) holds, and the types derived from entries:
 * the settings a run's `optimizer` has (the experiment file's schema is built from the same entries,
 * schema.ts), and the editor's fields (editor.ts). Plain data and pure functions only.
 */

/** A run's optimizer settings as the kernels read them: `type`, `lr`, and the entry's fields by name. */
export interface OptimizerSettings {
  readonly type: string;
  readonly lr: number;
  readonly [field: string]: unknown;
}

/** A running-average length N of an optimizer (given as N or as β = 1 − 1/N). */
export interface AverageField {
  /** The field that holds N (`N`, `Ng`, `Ns`). */
  n: string;
  /** The field that holds β instead (`beta`, `betaG`, `betaS`). */
  beta: string;
  default: number;
  /** Batch scaling N_B = N·B₀/B applies (first moments); else N is kept (second moments, counted in examples). */
  scalesWithBatch: boolean;
  /** The editor's label and tooltip. */
  label: string;
  tooltip: string;
}

/** A number field besides η and the averages: a decay β in [0, 1), or a number ≥ 0 (ε, λ). */
export interface NumberParam {
  name: string;
  kind: 'decay' | 'nonNegative';
  default: number;
  label: string;
  tooltip: string;
  /** The editor's step (default: any) and whether the value is read on a log scale (ε). */
  step?: number;
  log?: boolean;
}

/** A field that picks one of a few names (`secondMoment`: batch or examples). */
export interface ChoiceParam {
  name: string;
  kind: 'choice';
  choices: readonly string[];
  /** The editor's words for each choice, in `choices` order. */
  choiceLabels: readonly string[];
  default: string;
  label: string;
  tooltip: string;
}

export type OptimizerParam = NumberParam | ChoiceParam;

export interface KernelRule {
  /** Per-coordinate state, all starting at 0. */
  slots: readonly string[];
  /** The run's constants (from the effective optimizer: N resolved, batch scaling applied). */
  constants(opt: OptimizerSettings, batch: number): Record<string, number>;
  /** Values that change with the step t (1-based), besides lr. */
  perStep?: { names: readonly string[]; values(opt: OptimizerSettings, t: number, batch: number): number[] };
  /** Whether the update reads q = Σ_b ĝ_b² (second moments over examples). */
  needsExamples(opt: OptimizerSettings): boolean;
  update(opt: OptimizerSettings): readonly string[];
}

export interface OptimizerDescriptor {
  type: string;
  label: string;
  /** The update rule, as the README and the tooltips show it. */
  rule: string;
  averages: readonly AverageField[];
  /** Fields besides `lr` and the averages, in the order the file and the editor list them. */
  params: readonly OptimizerParam[];
  /** η_B = (B/B₀)^lrPower η under batch scaling: 1, or 2 for the heavy-ball forms (η = η′/N). */
  lrPower: 1 | 2;
  /** `N`: this η is η′ = N η of the plain step, so switching to this optimizer multiplies η by its first N. */
  lrScale?: 'N';
  /** The per-step value that bias-corrects a slot (Adam: m̂ = c1 m). */
  corrections?: Readonly<Record<string, string>>;
  /** The notes' symbol of a slot, where it is not the slot's own name. */
  symbols?: Readonly<Record<string, string>>;
  kernel: KernelRule;
}

/** An average field (the literal names kept for the derived types). */
export function average<const N extends string, const B extends string>(
  n: N,
  beta: B,
  fallback: number,
  scalesWithBatch: boolean,
  label: string,
  tooltip: string,
) {
  return { n, beta, default: fallback, scalesWithBatch, label, tooltip } as const;
}

/** A decay β in [0, 1). */
export function decayParam<const N extends string>(name: N, fallback: number, label: string, tooltip: string) {
  return { name, kind: 'decay', default: fallback, label, tooltip } as const;
}

/** A number ≥ 0; `log` for a tiny constant such as ε. */
export function nonNegativeParam<const N extends string>(
  name: N,
  fallback: number,
  label: string,
  tooltip: string,
  log = false,
) {
  return {
    name,
    kind: 'nonNegative',
    default: fallback,
    label,
    tooltip,
    ...(log ? { log: true as const } : {}),
  } as const;
}

/** SPEC §3's `secondMoment`: the second moment averaged over batches or over examples. */
export const secondMomentParam = {
  name: 'secondMoment',
  kind: 'choice',
  choices: ['batch', 'examples'],
  choiceLabels: ['batches', 'examples'],
  default: 'batch',
  label: '2nd moment over',
  tooltip: 'Average ĝ² over steps (batches), or Σ_b ĝ_b² over examples (N_s then counts examples)',
} as const;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ParamValue<P> = P extends { kind: 'choice'; choices: readonly (infer C)[] } ? C : number;
type Entry = Pick<OptimizerDescriptor, 'type' | 'averages' | 'params'>;

/** The normalized settings of one entry: every field present but the averages (N or β) it was given. */
export type SettingsOf<D extends Entry> = Simplify<
  { type: D['type']; lr: number } & { [P in D['params'][number] as P['name']]: ParamValue<P> } & {
    [A in D['averages'][number] as A['n'] | A['beta']]?: number;
  }
>;

/** What a file may write for one entry: every field but `type` optional. */
export type SettingsInputOf<D extends Entry> = Simplify<
  { type: D['type']; lr?: number } & { [P in D['params'][number] as P['name']]?: ParamValue<P> } & {
    [A in D['averages'][number] as A['n'] | A['beta']]?: number;
  }
>;
