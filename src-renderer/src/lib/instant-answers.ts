/**
 * Instant mode's last few answers, whole: the lab sends a run unchanged since the answer the view
 * shows (`since`) as null, and the view fills it in from the answer it kept.
 */
import type { InstantPaths, InstantRun } from '../../../shared/contract/instant';

/** Every run of an answer, whole; `preview`: some runs are the page's own (page-paths.ts), the lab's answer still to come. */
export type WholePaths = Omit<InstantPaths, 'runs'> & { runs: InstantRun[]; preview?: true };

const sameNumbers = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
};

/**
 * Whether two answers of a run draw the same (the page's own path and the lab's, equal to the bit):
 * the same steps, path, losses and final position.
 */
export function sameRun(a: InstantRun, b: InstantRun): boolean {
  if (a === b) return true;
  const [h, k] = [a.history, b.history];
  return (
    sameNumbers(h.t, k.t) &&
    sameNumbers(h.path, k.path) &&
    sameNumbers(h.loss, k.loss) &&
    sameNumbers(h.lr, k.lr) &&
    sameNumbers(h.tau, k.tau) &&
    sameNumbers(a.final.positions, b.final.positions) &&
    a.final.t === b.final.t
  );
}

/** Answers kept to fill in a later answer's unchanged runs (the lab keeps as many). */
const KEPT_ANSWERS = 4;

export class InstantAnswers {
  private readonly answers = new Map<number, InstantRun[]>();

  /**
   * The answer with its unchanged runs (null) taken from the answer `since` (null when that is no longer
   * kept here); kept for the answers after it.
   */
  whole(paths: InstantPaths): WholePaths | null {
    const base = paths.since === undefined ? undefined : this.answers.get(paths.since);
    const runs: InstantRun[] = [];
    for (const [r, run] of paths.runs.entries()) {
      const filled = run ?? base?.[r];
      if (!filled) return null;
      runs.push(filled);
    }
    this.answers.set(paths.generation, runs);
    for (const g of this.answers.keys()) if (this.answers.size > KEPT_ANSWERS) this.answers.delete(g);
    return { ...paths, runs };
  }
}
