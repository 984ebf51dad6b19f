/**
 * Instant mode on the host: every run's whole path up to `steps`, computed at once in the run workers
 * (each run on its own worker, in parallel; never on the host's main thread), answered in one reply.
 * Requests are numbered (the generation): a newer one supersedes an older one still computing, whose
 * workers stop at their next look at the port and whose reply is `INSTANT_SUPERSEDED` — a result
 * that comes back stale is dropped, never shown.
 */
import { INSTANT_SUPERSEDED, type InstantRun } from '../../shared/contract/instant';
import type { Reply } from '../../shared/contract/lab';
import type { DataRoot } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import type { InstantResult } from './protocol';
import { toFrame } from './replies';
import type { WorkerHandle } from './worker-pool';

export class InstantRuns {
  /** The latest request's number. */
  private generation = 0;

  /**
   * Every run of `experiment` from t = 0 to its steps, run i on `workerFor(i)`, its final frame with
   * `max` particles. A network is refused (its path lives on a landscape plane: play it live).
   */
  async compute(
    experiment: Experiment,
    baseDir: DataRoot,
    max: number,
    workerFor: (i: number) => WorkerHandle,
  ): Promise<Reply> {
    const generation = ++this.generation;
    if (experiment.loss.model) return { ok: false, error: 'instant mode is for formula losses: play a network live' };
    const results = await Promise.allSettled(
      experiment.runs.map((_, runIndex) =>
        workerFor(runIndex).call<InstantResult>({
          type: 'instant',
          generation,
          experiment,
          runIndex,
          baseDir,
          max,
        }),
      ),
    );
    if (generation !== this.generation) return { ok: false, error: INSTANT_SUPERSEDED };
    const runs: InstantRun[] = [];
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        if (reason === INSTANT_SUPERSEDED) return { ok: false, error: INSTANT_SUPERSEDED };
        return { ok: false, error: `runs[${i}] (${experiment.runs[i]?.name}): ${reason}` };
      }
      runs.push({ history: result.value.history, final: toFrame(i, result.value.final) });
    }
    return { ok: true, instant: { generation, runs } };
  }
}
