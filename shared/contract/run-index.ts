/** A run's place in the experiment's `runs`, as a command names it (at most 64 runs). */
import { z } from 'zod';

/** Run `index` of a command (`updateRun`, `plane`'s `runs`, …). */
export const RunIndexSchema = z.number().int().min(0).max(63);
