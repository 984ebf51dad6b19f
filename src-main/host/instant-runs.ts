/**
 * Instant mode on the host: every run's whole path up to `steps`, computed at once in the run workers
 * (each run on its worker, in parallel; never on the host's main thread), answered in one reply.
 * Requests are numbered (the generation): a newer one supersedes an older one still computing, whose
 * reply is `INSTANT_SUPERSEDED` — a result that comes back stale is dropped, never shown.
 *
 * A run's path depends only on the loss, its own settings, `steps`, the seed and its index, so each
 * run's result is kept under that key: a change of one run (η dragged) computes that run alone and
 * answers the others from what was kept (a 10⁴-particle cloud beside it is not stepped again). A run
 * asked again with another key stops its older computation in its worker (at its next look at the port).
 * The latest answer's full records stay here, so the scrubber can read any step's row (`rowsAt`).
 */
import { INSTANT_SUPERSEDED, type InstantRun } from '../../shared/contract/instant';
import type { Frame, Reply } from '../../shared/contract/lab';
import type { DataRoot } from '../../shared/experiment/data-path';
import type { Experiment } from '../../shared/experiment/experiment';
import { frameAt, RECORD_STATS } from '../../shared/contract/instant-record';
import type { InstantResult } from './protocol';
import { toFrame } from './replies';
import type { WorkerHandle } from './worker-pool';

/**
 * A run of at most this many particle-steps (a few ms of work) is computed on the prompt worker, at the
 * user's own priority (worker-pool.ts `prompt`); a larger one (a 10⁴ cloud: seconds) on its run worker,
 * at the run workers' lower priority, so the view stays smooth while it computes.
 */
export const PROMPT_WORK = 2_000_000;

/** Answers kept for `since` (a view shows one of the last few; older ones are sent whole). */
const KEPT_ANSWERS = 4;

export class InstantRuns {
  /** The latest request's number. */
  private generation = 0;
  /** Each run's result (or its computation) by its key; only the latest request's keys are kept. */
  private kept = new Map<string, Promise<InstantResult>>();
  /** The latest answer: its generation and each run's result. */
  private shown: { generation: number; results: InstantResult[] } | null = null;
  /** The last few answers' results by generation (what a view may show, for `since`). */
  private readonly answered = new Map<number, InstantResult[]>();

  /**
   * Every run of `experiment` from t = 0 to its steps, run i on `workerFor(i, small)` (small: at most
   * `PROMPT_WORK` particle-steps), its final frame with `max` particles. A network is refused (its path lives on a landscape plane: play it live).
   * With `since` (an answer the view has, still kept here), a run whose result is the one of that answer is null.
   */
  async compute(
    experiment: Experiment,
    baseDir: DataRoot,
    max: number,
    workerFor: (i: number, small: boolean) => WorkerHandle,
    since?: number,
  ): Promise<Reply> {
    const generation = ++this.generation;
    if (experiment.loss.model) return { ok: false, error: 'instant mode is for formula losses: play a network live' };
    const kept = new Map<string, Promise<InstantResult>>();
    const pending = experiment.runs.map((_, runIndex) => {
      const key = runKey(experiment, runIndex, baseDir, max);
      const result =
        (key !== null && this.kept.get(key)) ||
        workerFor(runIndex, experiment.runs[runIndex]!.particles * experiment.steps <= PROMPT_WORK).call<InstantResult>(
          {
            type: 'instant',
            generation,
            experiment,
            runIndex,
            baseDir,
            max,
          },
        );
      // A failed or superseded computation is not kept (asked again, it is computed again).
      if (key !== null) kept.set(key, result);
      result.catch(() => {
        if (key !== null && this.kept.get(key) === result) this.kept.delete(key);
      });
      return result;
    });
    this.kept = kept;
    const results = await Promise.allSettled(pending);
    if (generation !== this.generation) return { ok: false, error: INSTANT_SUPERSEDED };
    const values = results.map((r) => (r as PromiseFulfilledResult<InstantResult>).value);
    const base = since === undefined ? undefined : this.answered.get(since);
    const runs: (InstantRun | null)[] = [];
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        if (reason === INSTANT_SUPERSEDED) return { ok: false, error: INSTANT_SUPERSEDED };
        return { ok: false, error: `runs[${i}] (${experiment.runs[i]?.name}): ${reason}` };
      }
      runs.push(
        base?.[i] === result.value ? null : { history: result.value.history, final: toFrame(i, result.value.final) },
      );
    }
    this.shown = { generation, results: values };
    this.answered.set(generation, values);
    for (const g of this.answered.keys()) if (this.answered.size > KEPT_ANSWERS) this.answered.delete(g);
    const every = Math.min(...values.map((v) => v.record.every));
    return { ok: true, instant: { generation, runs, every, ...(base ? { since } : {}) } };
  }

  /**
   * Each run's row at step `t` of answer `generation` (its statistics and first particle, exact): the
   * last row below or at t (every step where the record has every step). Null when that answer is no
   * longer the latest.
   */
  rowsAt(generation: number, t: number): Frame[] | null {
    if (this.shown?.generation !== generation) return null;
    return this.shown.results.map(({ record }, run) => {
      const last = record.rows - 1;
      const lastT = record.values[last * (RECORD_STATS.length + record.dims)]!;
      return frameAt(record, t >= lastT ? last : Math.min(last, Math.floor(t / record.every)), run);
    });
  }
}

/**
 * What run `runIndex`'s path depends on (null: not kept, for a loss reading a data file, which may
 * change under the same name).
 */
function runKey(experiment: Experiment, runIndex: number, baseDir: DataRoot, max: number): string | null {
  const { loss, runs, steps, seed } = experiment;
  if (loss.data) return null;
  return JSON.stringify([loss, runs[runIndex], steps, seed, runIndex, max, baseDir]);
}
