/**
 * A sweep started from a view (SPEC §12 as the lab runs it): the grid a view sends, each finished
 * cell and the progress the lab reports in its state. Zod schemas, the one source of their types.
 */
import { z } from 'zod';
import { MAX_STEPS } from '../experiment/experiment';

/** Cells of one sweep started from a view. */
export const MAX_SWEEP_CELLS = 10_000;

/** One varied field's value in a sweep (SPEC §12): what a CSV column can hold. */
const SweepValueSchema = z.union([z.number(), z.string().max(200), z.boolean()]);
export type SweepValue = z.output<typeof SweepValueSchema>;

/**
 * A sweep's grid as a view sends it (SPEC §12, `*.sweep.json` with an inline experiment): the base
 * experiment and the fields to vary by path; the grid is the product of the `vary` lists, first slowest.
 */
export const SweepGridSchema = z.strictObject({
  experiment: z.record(z.string(), z.unknown()),
  vary: z
    .array(
      z.strictObject({
        path: z.string().min(1).max(200),
        values: z.array(SweepValueSchema).min(1).max(MAX_SWEEP_CELLS),
      }),
    )
    .min(1)
    .max(8),
  burnIn: z.number().int().min(0).max(MAX_STEPS).optional(),
});
export type SweepGrid = z.input<typeof SweepGridSchema>;

/** One finished cell of a sweep: its values of the varied fields and each run's result (null: not finite). */
export const SweepCellSchema = z.strictObject({
  cell: z.number().int().min(0),
  values: z.array(SweepValueSchema),
  runs: z.array(
    z.strictObject({
      name: z.string(),
      /** The mean loss after the burn-in (SPEC §12's `L`) and its standard error. */
      L: z.number().nullable(),
      Lstderr: z.number().nullable(),
      /** The mean loss over the particles at the last step (`final_loss`). */
      finalLoss: z.number().nullable(),
      /** Particles that diverged. */
      diverged: z.number().int().min(0),
    }),
  ),
});
export type SweepCell = z.output<typeof SweepCellSchema>;

/**
 * A sweep as the host reports it in `LabState.sweep` after every change: cells done of total, the time
 * left, and every finished cell so far (a cancelled sweep keeps its finished cells).
 */
export const SweepProgressSchema = z.strictObject({
  /** Which sweep (a new one per start). */
  id: z.number().int().min(1),
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** The varied paths, in the order of each cell's `values`. */
  vary: z.array(z.string()),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  elapsedMs: z.number().min(0),
  /** Estimated time left (null before the first cell finished, 0 when no longer running). */
  leftMs: z.number().min(0).nullable(),
  cells: z.array(SweepCellSchema),
  /** Why it failed, in words. */
  error: z.string().optional(),
});
export type SweepProgress = z.output<typeof SweepProgressSchema>;
