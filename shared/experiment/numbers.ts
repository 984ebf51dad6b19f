/** The number rules every schema of the experiment file shares, with the messages users read. */
import { z } from 'zod';

export const finite = () =>
  z.number({ error: 'must be a number' }).refine(Number.isFinite, { error: 'must be finite' });
export const positive = () => finite().refine((v) => v > 0, { error: 'must be > 0' });
export const nonNegative = () => finite().refine((v) => v >= 0, { error: 'must be ≥ 0' });
export const positiveInt = () =>
  z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(1, { error: 'must be ≥ 1' });
/** A running-average length N ≥ 1 (β = 1 − 1/N). */
export const averageLength = () => finite().min(1, { error: 'must be ≥ 1' });
/** A decay β in [0, 1). */
export const decay = () =>
  finite()
    .min(0, { error: 'must be ≥ 0' })
    .max(1, { error: 'must be < 1' })
    .refine((v) => v < 1, { error: 'must be < 1' });

/** A bare string names a schedule with no parameters: `"constant"`. */
export const shorthand = (v: unknown) => (typeof v === 'string' ? { type: v } : v);
