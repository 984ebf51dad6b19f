/** The learning-rate schedules of the experiment file (SPEC §4) as zod schemas; a warmup nests one level at most. */
import { z } from 'zod';
import { nonNegative, positive, positiveInt, shorthand } from './numbers';
import { unknownTypeMessage } from './suggest';

/** A schedule that is not a warmup: what a warmup hands over to (`then`). */
export type BaseSchedule =
  | { type: 'constant' }
  | { type: 'step'; factor: number; at: number[] }
  | { type: 'inverse-time'; tau: number }
  | { type: 'exponential'; gamma: number }
  | { type: 'cosine'; T: number; min: number }
  | { type: 'expr'; expr: string };

export type Schedule = BaseSchedule | { type: 'warmup'; steps: number; then: BaseSchedule };

const SCHEDULE_TYPES = ['constant', 'step', 'inverse-time', 'exponential', 'cosine', 'warmup', 'expr'] as const;

/** The schedules other than warmup (not recursive: nesting is one level at most, so no input can be deep). */
const baseSchedules = () =>
  [
    z.strictObject({ type: z.literal('constant') }),
    z.strictObject({
      type: z.literal('step'),
      factor: positive().default(0.5),
      at: z.array(positiveInt()).default([]),
    }),
    z.strictObject({ type: z.literal('inverse-time'), tau: positive().default(100) }),
    z.strictObject({
      type: z.literal('exponential'),
      gamma: positive()
        .refine((g) => g <= 1, { error: 'must be ≤ 1' })
        .default(0.999),
    }),
    z.strictObject({ type: z.literal('cosine'), T: positiveInt().default(1000), min: nonNegative().default(0) }),
    z.strictObject({ type: z.literal('expr'), expr: z.string().min(1, { error: 'must not be empty' }) }),
  ] as const;

const unknownSchedule = (issue: { input?: unknown }) =>
  unknownTypeMessage('schedule type', issue.input, SCHEDULE_TYPES);

/** What a warmup hands over to: any schedule but another warmup. */
const ThenScheduleSchema = z.preprocess(
  shorthand,
  z.discriminatedUnion(
    'type',
    [
      ...baseSchedules(),
      z.looseObject({ type: z.literal('warmup') }).refine(() => false, {
        error: "a warmup's then cannot itself be a warmup (warm up once, with more steps)",
        abort: true,
      }),
    ],
    { error: unknownSchedule },
  ),
) as unknown as z.ZodType<BaseSchedule, unknown>;

export const ScheduleSchema: z.ZodType<Schedule, unknown> = z.preprocess(
  shorthand,
  z.discriminatedUnion(
    'type',
    [
      ...baseSchedules(),
      z.strictObject({
        type: z.literal('warmup'),
        steps: positiveInt().default(100),
        then: ThenScheduleSchema.default({ type: 'constant' }),
      }),
    ],
    { error: unknownSchedule },
  ),
);
