/**
 * The schemas of a model's data (`loss.data` beside `loss.model`, SPEC §13): a generated set, a real set
 * a package ships, or a CSV file with named inputs and target. `withModelData` joins them to the
 * formula's data schemas and picks the one variant an object means by its keys, so a mistake is
 * reported at its own place (`loss.data.dataset: unknown data set two-moon: did you mean two-moons?`)
 * rather than as "no variant matched".
 */
import { z } from 'zod';
import { finite, nonNegative, positive, positiveInt } from './numbers';
import { unknownTypeMessage } from './suggest';

/** Sets drawn from the experiment's seed (formulas: shared/data/generated-sets.ts). */
export const GENERATED_SETS = ['two-moons', 'circles', 'xor', 'spirals', 'blobs', 'sine'] as const;
/** Sets a package ships, with their number of examples (in the package's order). */
export const REAL_SETS = { iris: 150, digits: 10_000 } as const;
export type GeneratedSetName = (typeof GENERATED_SETS)[number];
export type RealSetName = keyof typeof REAL_SETS;
const REAL_NAMES = Object.keys(REAL_SETS) as [RealSetName, ...RealSetName[]];
const ALL_SETS = [...GENERATED_SETS, ...REAL_NAMES];

/** The most examples a generated set may have, and the most classes a data set may have. */
export const MAX_EXAMPLES = 10_000_000;
export const MAX_CLASSES = 1024;
/** Blobs' default number of classes. */
export const DEFAULT_BLOBS = 3;

/**
 * The means and sds a recording's model was standardized with (SPEC §13: the recording's `spec` keeps
 * them, at `loss.data.standardization`); informative only: loading recomputes them from the training rows.
 */
const StandardizationSchema = z.strictObject({
  mean: z.array(finite()),
  sd: z.array(positive()),
});

const datasetName = <T extends readonly [string, ...string[]]>(names: T) =>
  z.enum(names, { error: (issue) => unknownTypeMessage('data set', issue.input, ALL_SETS, 'dataset') });
const count = () =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(0, { error: 'must be ≥ 0' })
    .max(MAX_EXAMPLES, { error: `must be ≤ ${MAX_EXAMPLES}` });

/** `{"dataset": "two-moons", "n": 1000, "noise": 0.15, "test": 500}`; `classes` for blobs only (default 3). */
export const GeneratedSetSchema = z
  .strictObject({
    dataset: datasetName(GENERATED_SETS),
    n: positiveInt().max(MAX_EXAMPLES, { error: `must be ≤ ${MAX_EXAMPLES}` }),
    /** The data's own noise: the sd of the Gaussian added to each coordinate (sine: to y). */
    noise: nonNegative().default(0.1),
    test: count().default(0),
    classes: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be an integer' })
      .min(2, { error: 'must be ≥ 2' })
      .max(MAX_CLASSES, { error: `must be ≤ ${MAX_CLASSES}` })
      .optional(),
    standardize: z.boolean({ error: 'must be true or false' }).default(false),
    standardization: StandardizationSchema.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.classes !== undefined && d.dataset !== 'blobs')
      ctx.addIssue({ code: 'custom', path: ['classes'], message: `only blobs takes classes (${d.dataset} has 2)` });
  })
  .transform((d) => (d.dataset === 'blobs' ? { ...d, classes: d.classes ?? DEFAULT_BLOBS } : d));

/** `{"dataset": "iris", "n": 120, "test": 30}`: the first n examples in the package's order, then the next `test`. */
export const RealSetSchema = z
  .strictObject({
    dataset: datasetName(REAL_NAMES),
    n: positiveInt().optional(),
    test: count().default(0),
    standardize: z.boolean({ error: 'must be true or false' }).default(true),
    standardization: StandardizationSchema.optional(),
  })
  .superRefine((d, ctx) => {
    const size = REAL_SETS[d.dataset];
    if (d.test >= size)
      ctx.addIssue({ code: 'custom', path: ['test'], message: `must be < ${size}: ${d.dataset} has ${size} examples` });
    else if (d.n !== undefined && d.n + d.test > size)
      ctx.addIssue({
        code: 'custom',
        path: ['n'],
        message: `n + test must be ≤ ${size}: ${d.dataset} has ${size} examples`,
      });
  })
  .transform((d) => ({ ...d, n: d.n ?? REAL_SETS[d.dataset] - d.test }));

/**
 * `{"csv": "file.csv", "inputs": ["a", "b"], "target": "label", "test": 0.2}`: `test` below 1 is a
 * fraction of the rows, else a count; either way the last rows, rounded.
 */
export const ModelCsvSchema = z.strictObject({
  csv: z.string().min(1, { error: 'must name a file' }),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be a SHA-256 in hex (64 digits)' })
    .optional(),
  inputs: z
    .array(z.string().min(1, { error: 'must name a column' }), { error: 'must be a list of column names' })
    .min(1, { error: 'needs at least one column' }),
  target: z.union(
    [
      z.string().min(1, { error: 'must name a column' }),
      z.array(z.string().min(1, { error: 'must name a column' })).min(1, { error: 'needs at least one column' }),
    ],
    { error: 'must be a column name or a list of column names' },
  ),
  test: nonNegative()
    .refine((v) => v < 1 || Number.isInteger(v), { error: 'must be a fraction below 1 or a whole number of rows' })
    .default(0),
  standardize: z.boolean({ error: 'must be true or false' }).default(true),
  standardization: StandardizationSchema.optional(),
});

export type GeneratedSetSpec = z.output<typeof GeneratedSetSchema>;
export type RealSetSpec = z.output<typeof RealSetSchema>;
export type ModelCsvSpec = z.output<typeof ModelCsvSchema>;
export type ModelDataSpec = GeneratedSetSpec | RealSetSpec | ModelCsvSpec;

/** Which schema an object means: `dataset` names a set, `inputs` or `target` a model's CSV, else the formula's. */
function variantOf(input: unknown): z.ZodType | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if ('dataset' in input)
    return (input as { dataset: unknown }).dataset === undefined ||
      !Object.hasOwn(REAL_SETS, String((input as { dataset: unknown }).dataset))
      ? GeneratedSetSchema
      : RealSetSchema;
  if ('inputs' in input || 'target' in input) return ModelCsvSchema;
  return undefined;
}

/** `loss.data`: the formula's variants (`formula`, a union) and a model's, each error at its own place. */
export function withModelData<T extends z.ZodType>(formula: T) {
  const all = z.union([formula, GeneratedSetSchema, RealSetSchema, ModelCsvSchema]);
  // Typed as the union it parses to (the preprocess only chooses which variant reports the errors).
  return z.preprocess((input, ctx) => {
    const variant = variantOf(input) ?? formula;
    const result = variant.safeParse(input, { reportInput: true });
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as never);
    return input;
  }, all) as unknown as typeof all;
}

/** Whether `data` is a model's (a set by name or a CSV with inputs and target) rather than a formula's. */
export function isModelData(data: object): data is ModelDataSpec {
  return 'dataset' in data || 'inputs' in data;
}

/** Whether a named set is one a package ships (rather than generated from the seed). */
export function isRealSet(data: GeneratedSetSpec | RealSetSpec): data is RealSetSpec {
  return Object.hasOwn(REAL_SETS, data.dataset);
}

/**
 * `experiment` as a recording keeps it (SPEC §13): its model data with the means and sds the inputs
 * were standardized with; unchanged when they were not standardized.
 */
export function withStandardization<T extends { loss: { data?: object } }>(
  experiment: T,
  standardization: { mean: number[]; sd: number[] } | null,
): T {
  const data = experiment.loss.data;
  if (!standardization || !data || !isModelData(data)) return experiment;
  return { ...experiment, loss: { ...experiment.loss, data: { ...data, standardization } } };
}
