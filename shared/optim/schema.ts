/**
 * The experiment file's `optimizer` (SPEC §3), derived from the optimizer table: per entry a strict
 * object of `type`, `lr` (> 0, default 0.01), each running average as N (≥ 1) or β ([0, 1)), both
 * optional, and each field with its default (a decay in [0, 1), a number ≥ 0, or one of its choices);
 * and their TypeScript types, derived from the same entries. The schema looks the type up in the
 * registry when it parses, so an entry a test registers is validated like the table's own.
 */
import { z } from 'zod';
import { averageLength, decay, nonNegative, positive } from '../experiment/numbers';
import { unknownTypeMessage } from '../experiment/suggest';
import type { BuiltinOptimizer } from './descriptors';
import type { OptimizerDescriptor, OptimizerParam, SettingsInputOf, SettingsOf } from './entry';
import { registeredOptimizers, registryVersion } from './registry';

type EachSettings<D> = D extends BuiltinOptimizer ? SettingsOf<D> : never;
type EachInput<D> = D extends BuiltinOptimizer ? SettingsInputOf<D> : never;

/** A run's optimizer, normalized: every field with a default present. */
export type Optimizer = EachSettings<BuiltinOptimizer>;
/** A run's optimizer as a file may write it. */
export type OptimizerInput = EachInput<BuiltinOptimizer>;
export type OptimizerType = BuiltinOptimizer['type'];

/** The learning rate every optimizer has, and its default. */
export const DEFAULT_LR = 0.01;

function paramSchema(p: OptimizerParam): z.ZodType {
  if (p.kind === 'choice') return z.enum(p.choices as [string, ...string[]]).default(p.default);
  return (p.kind === 'decay' ? decay() : nonNegative()).default(p.default);
}

/** One entry's strict object, its keys in the order normalized files have always had: type, lr, averages, fields. */
export function entrySchema(d: OptimizerDescriptor): z.ZodObject {
  const shape: Record<string, z.ZodType> = { type: z.literal(d.type), lr: positive().default(DEFAULT_LR) };
  for (const a of d.averages) {
    shape[a.n] = averageLength().optional();
    shape[a.beta] = decay().optional();
  }
  for (const p of d.params) shape[p.name] = paramSchema(p);
  return z.strictObject(shape);
}

let built: { version: number; union: z.ZodType } | undefined;

/** The union over every registered optimizer, rebuilt only when the registry changed. */
function union(): z.ZodType {
  if (built?.version !== registryVersion()) {
    const entries = registeredOptimizers();
    const names = entries.map((d) => d.type);
    const options = entries.map(entrySchema) as [z.ZodObject, ...z.ZodObject[]];
    built = {
      version: registryVersion(),
      union: z.discriminatedUnion('type', options, {
        error: (issue): string => unknownTypeMessage('optimizer type', issue.input, names),
      }),
    };
  }
  return built.union;
}

/** The `optimizer` of a run: parsed by the current union, its issues reported where they arise. */
export const OptimizerSchema = z.unknown().transform((input, ctx) => {
  const parsed = union().safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  ctx.issues.push(...(parsed.error.issues as unknown as typeof ctx.issues));
  return z.NEVER;
}) as unknown as z.ZodType<Optimizer, OptimizerInput>;

/** Every optimizer type the lab knows, in the order the docs list them. */
export function optimizerTypes(): string[] {
  return registeredOptimizers().map((d) => d.type);
}
