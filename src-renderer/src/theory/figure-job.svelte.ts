/**
 * A gallery entry's figure, computed headless by the lab (`theoryFigure`) as soon as the entry opens
 * and again whenever its controls change: a newer change supersedes an older one (the lab stops the
 * older computation; a reply that comes back stale is dropped, never shown).
 */
import { FIGURE_SUPERSEDED, type TheoryFigure } from '../../../shared/contract/theory';
import type { LabApi } from '../../../shared/contract/lab';
import type { Experiment } from '../../../shared/experiment/experiment';
import { validateExperiment } from '../../../shared/experiment/validate';
import type { GalleryEntry } from '../../../shared/theory/gallery-entry';
import { figureExperiment, figureFrames, type FigureControls } from '../../../shared/theory/gallery-figure';
import { exposeFigureTiming } from './test-hook';

export class FigureJob {
  /** The figure shown, with the experiment it ran (normalized), or null before the first. */
  shown = $state<{ figure: TheoryFigure; experiment: Experiment; key: number } | null>(null);
  computing = $state(false);
  error = $state<string | null>(null);
  /** From asking to the figure in hand, ms (the engine's share is `shown.figure.ms`). */
  elapsed = $state(0);
  private generation = 0;

  constructor(private readonly api: Pick<LabApi, 'theoryFigure'>) {}

  /** Computes `entry`'s figure with `controls`; resolves when it (or a newer one) is settled. */
  async compute(entry: GalleryEntry, controls: FigureControls): Promise<void> {
    const generation = ++this.generation;
    if (!this.api.theoryFigure) {
      this.error = 'this lab has no engine to compute the figure: replay it live';
      return;
    }
    const input = figureExperiment(entry, controls);
    const checked = validateExperiment(input);
    if (!checked.ok) {
      this.error = checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      return;
    }
    const start = performance.now();
    this.computing = true;
    this.error = null;
    try {
      const reply = await this.api.theoryFigure(input, figureFrames(entry));
      if (generation !== this.generation) return;
      if (!reply.ok) {
        if (reply.error !== FIGURE_SUPERSEDED) this.error = reply.error;
        return;
      }
      if (!reply.figure) return;
      this.elapsed = performance.now() - start;
      this.shown = { figure: reply.figure, experiment: checked.experiment, key: generation };
      exposeFigureTiming(entry.id, this.elapsed, reply.figure);
    } catch (error) {
      if (generation === this.generation) this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (generation === this.generation) this.computing = false;
    }
  }

  /** Drops whatever is computing (the entry closed). */
  stop(): void {
    this.generation++;
  }
}
