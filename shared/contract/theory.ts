/**
 * The Theory gallery part of the lab's contract: `theoryFigure` runs a gallery experiment whole,
 * headless, and answers its figure (`TheoryFigure`); `shared/contract/lab.ts` joins the command into
 * `CommandSchema` and the call into `LabApi`.
 */
import { z } from 'zod';
import type { Command, Frame, Reply, RunHistory } from './lab';

/** Most recorded frames a `theoryFigure` reply carries per run. */
export const MAX_FIGURE_FRAMES = 2000;

/** The commands of `CommandSchema` about the Theory gallery. */
export const THEORY_COMMANDS = [
  /**
   * A Theory gallery figure: experiment `spec` run whole, headless, off the host's main thread
   * (`Reply.figure`: each run's history and up to `frames` of its recorded frames); the live lab is left
   * as it is. A newer request supersedes an older one still computing (answered `FIGURE_SUPERSEDED`).
   */
  z.strictObject({
    type: z.literal('theoryFigure'),
    spec: z.unknown(),
    frames: z.number().int().min(0).max(MAX_FIGURE_FRAMES).optional(),
  }),
] as const;

/**
 * A Theory gallery figure computed headless (`theoryFigure`): per run its whole history (as `history`
 * gives it) and its recorded frames (the recording's particles, evenly spaced steps, the last step
 * last), and how long the engine took (ms).
 */
export interface TheoryFigure {
  runs: { history: RunHistory; frames: Frame[] }[];
  ms: number;
}

/** The error of a `theoryFigure` request that a newer one superseded. */
export const FIGURE_SUPERSEDED = 'superseded: a newer figure is being computed';

/** The `LabApi` call of the Theory gallery. */
export interface TheoryApi {
  /** A Theory gallery figure of `spec` computed headless (`Reply.figure`; optional: a replay has no engine). */
  theoryFigure?(spec: unknown, frames?: number): Promise<Reply>;
}

/** `TheoryApi` over a transport's `send`. */
export function theoryCalls(send: (command: Command) => Promise<Reply>): Required<TheoryApi> {
  return {
    theoryFigure: (spec, frames) =>
      send(frames === undefined ? { type: 'theoryFigure', spec } : { type: 'theoryFigure', spec, frames }),
  };
}
