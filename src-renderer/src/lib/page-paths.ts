/**
 * The page's own instant paths (issue #22): for the runs a change moved whose path needs no random
 * numbers and no data (shared/kernel/path-program.ts), the path program is made here and stepped in
 * a worker (path-worker.ts), and the answer — the same to the bit as the lab's, one trip later — is
 * handed to instant mode at once. One job at a time: a newer change waits for it, replacing any older
 * change still waiting. Without workers (or where a run has no program) the lab's answer alone is drawn.
 */
import type { InstantRun } from '../../../shared/contract/instant';
import type { Experiment } from '../../../shared/experiment/experiment';
import { pathProgram, type PathProgram } from '../../../shared/kernel/path-program';
import { instantRunOf } from '../../../shared/kernel/path-run';
import type { PathAnswer, PathJob } from './path-worker';

/** A change's traced runs, by run index, and how many runs its experiment has. */
export type PagePathsAnswer = { change: number; runs: Map<number, InstantRun>; count: number };

/** What each run's path depends on (a change of one run's η moves that run alone). */
export function runKeys(experiment: Experiment): string[] {
  const { loss, runs, steps, seed } = experiment;
  return runs.map((run) => JSON.stringify([loss, run, steps, seed]));
}

interface Asked {
  change: number;
  experiment: Experiment;
  programs: { run: number; program: PathProgram }[];
}

export class PagePaths {
  private worker: Worker | null = null;
  private started = false;
  private inFlight: Asked | null = null;
  private waiting: Asked | null = null;
  private nextId = 0;
  /** Each run's settings as last changed (`runKeys`). */
  private keys: string[] = [];

  constructor(private readonly answered: (answer: PagePathsAnswer) => void) {}

  /**
   * Change number `change` made `experiment` (undefined: unknown, every run counts as moved): traces
   * the runs it moved that have a program (before any path is shown too: the worker starts and warms
   * up for the next change). True when it moved runs and every one of them is traced here.
   */
  changed(change: number, experiment?: Experiment): boolean {
    const keys = experiment ? runKeys(experiment) : [];
    const moved = keys.flatMap((k, r) => (k !== this.keys[r] ? [r] : []));
    this.keys = keys;
    return experiment !== undefined && moved.length > 0 && this.ask(change, experiment, moved) === moved.length;
  }

  /** Traces runs `runs` of `experiment` that have a program: how many (0: none, or no worker). */
  private ask(change: number, experiment: Experiment, runs: readonly number[]): number {
    const programs = runs.flatMap((run) => {
      const program = pathProgram(experiment, run);
      return program ? [{ run, program }] : [];
    });
    if (programs.length === 0 || !this.start()) return 0;
    const asked = { change, experiment, programs };
    if (this.inFlight) this.waiting = asked;
    else this.send(asked);
    return programs.length;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = this.waiting = null;
  }

  private send(asked: Asked): void {
    this.inFlight = asked;
    const programs = asked.programs;
    this.worker!.postMessage({ id: ++this.nextId, programs } satisfies PathJob, {
      transfer: programs.map(({ program }) => program.values.buffer as ArrayBuffer),
    });
  }

  private start(): boolean {
    if (this.started) return this.worker !== null;
    this.started = true;
    try {
      this.worker = new Worker(new URL('./path-worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<PathAnswer>) => this.done(e.data);
    } catch {
      this.worker = null;
    }
    return this.worker !== null;
  }

  private done({ traces, error }: PathAnswer): void {
    const asked = this.inFlight;
    this.inFlight = null;
    if (this.waiting) {
      const next = this.waiting;
      this.waiting = null;
      this.send(next);
    }
    if (!asked || error) return;
    const runs = new Map<number, InstantRun>();
    for (const { run, trace } of traces) {
      const program = asked.programs.find((p) => p.run === run)!.program;
      runs.set(run, instantRunOf(asked.experiment, run, program, trace));
    }
    this.answered({ change: asked.change, runs, count: asked.experiment.runs.length });
  }
}
