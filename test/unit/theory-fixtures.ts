/** Hand-made experiments and recordings for the theory and analyze tests. */
import type { ExperimentInput } from '../../shared/experiment/experiment';
import type { RunRecording } from '../../shared/experiment/recording';
import { validateExperiment } from '../../shared/experiment/validate';

/** A normalized experiment from a file's content (throws if invalid). */
export function experimentOf(input: ExperimentInput) {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.experiment;
}

/** A run's recording with the given steps, losses and final cloud (other fields filler). */
export function runRecording(
  name: string,
  t: number[],
  loss: (number | null)[],
  final: (number | null)[][],
  lr = t.map(() => 0.1),
): RunRecording {
  return {
    name,
    t,
    lr,
    examples: t,
    tau: t.map((s) => s * lr[0]!),
    loss,
    positions: t.map(() => final.slice(0, 1)),
    final: { t: t[t.length - 1]!, positions: final, loss: loss[loss.length - 1] ?? null },
    diverged: null,
  };
}
