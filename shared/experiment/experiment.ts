/**
 * The experiment file (`*.lab.json`, SPEC §8) as zod schemas: the one source of the types that the
 * engine, the host, the IPC contract, the renderer and the command line all use.
 *
 * `ExperimentInput` is what a user may write (shorthands, omitted defaults); `Experiment` is the
 * normalized form with every default filled in (see `normalize.ts`), the one stored in recordings.
 */
import { z } from 'zod';
import { OPTIMIZERS } from '../optim/descriptors';
import { OptimizerSchema } from '../optim/schema';
import { finite, nonNegative, positiveInt, shorthand } from './numbers';
import { ScheduleSchema, type BaseSchedule, type Schedule } from './schedule-schema';
import { unknownTypeMessage } from './suggest';
import { withModelData } from './model-data-schema';

export { ScheduleSchema, type BaseSchedule, type Schedule };

// ───────────────────────────── losses (SPEC §1) ─────────────────────────────

export const GeneratedVarSchema = z.union([
  z.strictObject({ normal: z.tuple([finite(), nonNegative()]) }),
  z.strictObject({ uniform: z.tuple([finite(), finite()]) }),
]);
export type GeneratedVar = z.infer<typeof GeneratedVarSchema>;

/** `loss.data`: a formula's generated variables or CSV, or a model's data (SPEC §13: model-data-schema.ts). */
export const DataSchema = withModelData(
  z.union([
    z.strictObject({
      n: positiveInt().max(10_000_000, { error: 'must be ≤ 10000000' }),
      vars: z.record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be a plain name' }),
        GeneratedVarSchema,
      ),
    }),
    z.strictObject({
      csv: z.string().min(1, { error: 'must name a file' }),
      /** The SHA-256 of the file's bytes (hex), as a recording writes it (SPEC §9): a changed file is refused. */
      sha256: z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be a SHA-256 in hex (64 digits)' })
        .optional(),
    }),
  ]),
);
export type DataInput = z.infer<typeof DataSchema>;

export const DomainSchema = z
  .array(z.tuple([finite(), finite()]))
  .min(1)
  .max(2);
export type Domain = [number, number][];

// ───────────────────────────── models (SPEC §13) ────────────────────────────

/** Activations of a model's hidden layers (their equations: shared/model/activations.ts). */
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'gelu'] as const;
/** A model's output and its per-example loss (shared/model/activations.ts). */
export const MODEL_OUTPUTS = ['logistic', 'softmax', 'linear'] as const;
/** The most hidden layers, and units per layer, a model may have. */
export const MAX_HIDDEN_LAYERS = 4;
export const MAX_UNITS = 1024;

const namedOne = <T extends readonly [string, ...string[]]>(what: string, names: T) =>
  z.enum(names, { error: (issue) => unknownTypeMessage(what, issue.input, names) });

/** `loss.model`: a multilayer perceptron whose weights are Φ (layout: shared/model/layout.ts). */
export const ModelSchema = z.strictObject({
  hidden: z
    .array(positiveInt().max(MAX_UNITS, { error: `must be ≤ ${MAX_UNITS} units` }))
    .max(MAX_HIDDEN_LAYERS, { error: `at most ${MAX_HIDDEN_LAYERS} hidden layers` })
    .default([]),
  activation: namedOne('activation', ACTIVATIONS).default('tanh'),
  output: namedOne('output', MODEL_OUTPUTS),
});
export type ModelInput = z.input<typeof ModelSchema>;
export type Model = z.output<typeof ModelSchema>;
export type Activation = Model['activation'];
export type ModelOutput = Model['output'];

export const LossInputSchema = z.strictObject({
  expr: z.string().min(1, { error: 'must not be empty' }).optional(),
  preset: z.string().optional(),
  params: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be a plain name' }))
    .min(1, { error: 'needs 1 or 2 parameters' })
    .max(2, { error: 'needs 1 or 2 parameters' })
    .optional(),
  data: DataSchema.optional(),
  domain: DomainSchema.optional(),
  /** A network instead of a formula (SPEC §13): then no expr, preset, params or domain. */
  model: ModelSchema.optional(),
});
export type LossInput = z.input<typeof LossInputSchema>;

/** A loss after normalization: a preset is expanded into its formula, data and domain. */
export interface Loss {
  expr: string;
  preset?: string;
  params: string[];
  data?: DataInput;
  domain: Domain;
  /** A network loss (SPEC §13): `expr` is then empty, `params` and `domain` have no entries. */
  model?: Model;
}

// ─────────────────────────── optimizers (SPEC §3) ───────────────────────────

// Derived from the optimizer table (shared/optim/descriptors.ts): the schema and its types.
export { OptimizerSchema, type Optimizer, type OptimizerInput, type OptimizerType } from '../optim/schema';

/** The table's optimizer types, in the order the docs list them. */
export const OPTIMIZER_TYPES = OPTIMIZERS.map((d) => d.type);

// ─────────────────────── gradient estimates (SPEC §2) ───────────────────────

export const GradientSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { kind: v } : v),
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('exact') }),
      z.strictObject({ kind: z.literal('minibatch'), batch: positiveInt().default(1) }),
      z.strictObject({
        kind: z.literal('gaussian'),
        batch: positiveInt().default(1),
        /** Σ; one number σ² stands for σ² I (a model's form, SPEC §13), kept as [[σ²]]. */
        cov: z
          .union([finite(), z.array(z.array(finite()))])
          .transform((v): number[][] => (typeof v === 'number' ? [[v]] : v)),
      }),
    ],
    { error: (issue) => unknownTypeMessage('gradient kind', issue.input, ['exact', 'minibatch', 'gaussian'], 'kind') },
  ),
);
export type Gradient = z.output<typeof GradientSchema>;

// ───────────────────────────── dynamics (SPEC §6) ───────────────────────────

export const DynamicsSchema = z.preprocess(
  shorthand,
  z.discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('sgd') }),
      z.strictObject({ type: z.literal('gradient-flow'), substeps: positiveInt().max(1000).default(1) }),
      z.strictObject({
        type: z.literal('langevin'),
        substeps: positiveInt().max(1000).default(1),
        sigmaSample: z.number().int().min(2, { error: 'must be ≥ 2' }).default(64),
      }),
    ],
    { error: (issue) => unknownTypeMessage('dynamics type', issue.input, ['sgd', 'gradient-flow', 'langevin']) },
  ),
);
export type Dynamics = z.output<typeof DynamicsSchema>;

// ──────────────────────────────── runs (SPEC §8) ────────────────────────────

export const MAX_PARTICLES = 1_000_000;
/** The largest seed (an unsigned 32-bit integer). */
const MAX_SEED = 2 ** 32 - 1;
/** The most steps one experiment may ask for. */
export const MAX_STEPS = 100_000_000;

export const RunInputSchema = z.strictObject({
  name: z.string().optional(),
  optimizer: OptimizerSchema,
  schedule: ScheduleSchema.default({ type: 'constant' }),
  gradient: GradientSchema.default({ kind: 'exact' }),
  dynamics: DynamicsSchema.default({ type: 'sgd' }),
  batchScaling: z.strictObject({ from: positiveInt() }).optional(),
  /** D numbers, or for a model `{"initSeed": S}`: its own draw of the initial weights (SPEC §13). */
  start: z
    .union([
      z.array(finite()),
      z.strictObject({ initSeed: z.number().int({ error: 'must be an integer' }).min(0).max(MAX_SEED) }),
    ])
    .optional(),
  /** A model run's `{"initSeed": S}` in the normalized form (whose `start` is then empty). */
  initSeed: z.number().int({ error: 'must be an integer' }).min(0).max(MAX_SEED).optional(),
  particles: positiveInt()
    .max(MAX_PARTICLES, { error: `must be ≤ ${MAX_PARTICLES}` })
    .default(1),
  spread: nonNegative().default(0),
});
export type RunInput = z.input<typeof RunInputSchema>;

/**
 * A run after normalization: a name and a start always present. A model run's start is its D
 * numbers, or empty: Φ₀ drawn from the experiment's seed, or from `initSeed` when given.
 */
export type Run = Omit<z.output<typeof RunInputSchema>, 'name' | 'start'> & { name: string; start: number[] };

export const ExperimentInputSchema = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  version: z.literal(1, { error: 'must be 1' }).default(1),
  seed: z
    .number()
    .int({ error: 'must be an integer' })
    .min(0, { error: 'must be ≥ 0' })
    .max(2 ** 32 - 1)
    .default(0),
  steps: positiveInt().max(MAX_STEPS, { error: `is too large: at most ${MAX_STEPS} (10⁸) steps` }),
  loss: LossInputSchema,
  runs: z.array(RunInputSchema).min(1, { error: 'needs at least one run' }),
  record: z
    .strictObject({
      every: positiveInt().optional(),
      particles: z.number().int().min(0, { error: 'must be ≥ 0' }).optional(),
      /** A model's largest Hessian eigenvalue at each recorded step (SPEC §13). */
      sharpness: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .default({}),
});
export type ExperimentInput = z.input<typeof ExperimentInputSchema>;

/** The normalized experiment: every default filled in, a preset expanded, cross-field checks passed. */
export interface Experiment {
  version: 1;
  title?: string;
  description?: string;
  seed: number;
  steps: number;
  loss: Loss;
  runs: Run[];
  record: { every: number; particles: number; sharpness?: boolean };
}
