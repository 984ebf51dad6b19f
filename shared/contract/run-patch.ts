/**
 * A hot change of one field of one run (`patchRun`): what it may be, and how it applies to the experiment:
 * the host to its experiment, the view to the experiment it asks instant mode for in the same hop.
 */
import { z } from 'zod';
import type { Experiment, Run } from '../experiment/experiment';

/** The largest learning rate a hot change may set (the page refuses more in the field itself). */
export const MAX_PATCH_LR = 1e6;

/**
 * A hot change of one field of one run: the learning rate η of its optimizer, or its name. Small and
 * typed, so the host applies it without re-validating the experiment, before the run's next step.
 */
export const RunPatchSchema = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('lr'), value: z.number().positive().max(MAX_PATCH_LR) }),
  z.strictObject({ field: z.literal('name'), value: z.string().trim().min(1).max(100) }),
]);
export type RunPatch = z.output<typeof RunPatchSchema>;

/** `run` with `patch` applied (η or the name; nothing else is validated again). */
export function patchedRun(run: Run, patch: RunPatch): Run {
  return patch.field === 'lr'
    ? { ...run, optimizer: { ...run.optimizer, lr: patch.value } }
    : { ...run, name: patch.value };
}

/** `experiment` with run `index` patched (the other runs are the same objects). */
export function patchedExperiment(experiment: Experiment, index: number, patch: RunPatch): Experiment {
  return { ...experiment, runs: experiment.runs.map((r, i) => (i === index ? patchedRun(r, patch) : r)) };
}
