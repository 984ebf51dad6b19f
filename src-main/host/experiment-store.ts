/**
 * The host's current experiment: the input as the user gave it (edits apply to it) and its validated,
 * normalized form. Every change re-validates the whole input, so an edit can never leave an invalid
 * experiment behind.
 */
import { parseJson } from '../../shared/experiment/json';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunPatch } from '../../shared/contract/run-patch';
import type { RunInput, Experiment } from '../../shared/experiment/experiment';
import type { SpecIssue } from '../../shared/experiment/issues';
import { validateExperiment } from '../../shared/experiment/validate';

export type Checked =
  { ok: true; input: Record<string, unknown>; experiment: Experiment } | { ok: false; issues: SpecIssue[] };

/** The default experiment shipped with the lab (resources/default.lab.json, two folders up from here). */
export const DEFAULT_EXPERIMENT_PATH = fileURLToPath(new URL('../../resources/default.lab.json', import.meta.url));

export function check(input: unknown): Checked {
  const result = validateExperiment(input);
  if (!result.ok) return { ok: false, issues: result.issues };
  return { ok: true, input: structuredClone(input) as Record<string, unknown>, experiment: result.experiment };
}

/** Reads and checks a `.lab.json` file; a relative CSV path is then read from the file's folder. */
export async function readExperimentFile(path: string): Promise<Checked & { baseDir: string }> {
  let input: unknown;
  try {
    input = parseJson(await readFile(path, 'utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: '', message: `cannot read ${path}: ${message}` }], baseDir: dirname(path) };
  }
  return { ...check(input), baseDir: dirname(path) };
}

/** The input with its runs changed by `edit` (a copy; the original is untouched). */
export function editRuns(input: Record<string, unknown>, edit: (runs: RunInput[]) => void): Checked {
  const copy = structuredClone(input);
  const runs = Array.isArray(copy.runs) ? (copy.runs as RunInput[]) : [];
  edit(runs);
  copy.runs = runs;
  return check(copy);
}

/** The input with one field of one run changed (a copy); the field's value was checked by the command's schema. */
export function patchInput(input: Record<string, unknown>, index: number, patch: RunPatch): Record<string, unknown> {
  const copy = structuredClone(input);
  const run = (Array.isArray(copy.runs) ? copy.runs[index] : undefined) as Record<string, unknown> | undefined;
  if (!run) throw new Error(`there is no run ${index}`);
  if (patch.field === 'lr') (run.optimizer as Record<string, unknown>).lr = patch.value;
  else run.name = patch.value;
  return copy;
}

/** The loaded experiment, or an error a command reply can carry. */
export function requireExperiment(experiment: Experiment | null): Experiment {
  if (!experiment) throw new Error('no experiment is loaded');
  return experiment;
}

/** Run `index` of the loaded experiment, or an error naming it. */
export function runAt(experiment: Experiment | null, index: number): Experiment['runs'][number] {
  const run = requireExperiment(experiment).runs[index];
  if (!run) throw new Error(`there is no run ${index}`);
  return run;
}
