/** A gallery entry's figure computed as the host computes it: figureExperiment, run whole, read by figureOf. */
import { validateExperiment } from '../../shared/experiment/validate';
import { findGalleryEntry } from '../../shared/theory/gallery';
import { figureExperiment, figureOf } from '../../shared/theory/gallery-figure';
import { runExperiment } from '../../src-main/engine/experiment-runner';

export async function computeFigure(id: string) {
  const checked = validateExperiment(figureExperiment(findGalleryEntry(id)!));
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  const start = performance.now();
  const recording = await runExperiment(checked.experiment, { baseDir: process.cwd() });
  const ms = performance.now() - start;
  console.log(`${id}: computed in ${ms.toFixed(0)} ms`);
  return { figure: figureOf(recording, 0, ms), experiment: checked.experiment };
}
