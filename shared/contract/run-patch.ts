/**
 * A hot change of one field of one run (`patchRun`) applied to the experiment, as the lab applies it:
 * the host to its experiment, the view to the experiment it asks instant mode for in the same hop.
 */
import type { Experiment, Run } from '../experiment/experiment';
import type { RunPatch } from './lab';

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
