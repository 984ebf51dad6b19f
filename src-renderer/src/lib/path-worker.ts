/**
 * Instant mode's worker on the page (issue #22): steps the path programs of the runs a change moved
 * (shared/kernel/path-trace.ts, the compiled kernels' arithmetic interpreted) so a dragged η redraws its
 * path without the trip to the lab and back. Each job is answered with its traces, transferred.
 */
import type { PathProgram } from '../../../shared/kernel/path-program';
import { tracePath, type PathTrace } from '../../../shared/kernel/path-trace';

/** The runs of one change to trace. */
export interface PathJob {
  id: number;
  programs: { run: number; program: PathProgram }[];
}

export interface PathAnswer {
  id: number;
  traces: { run: number; trace: PathTrace }[];
  /** Why it could not (a formula the interpreter refuses), else absent. */
  error?: string;
}

onmessage = (e: MessageEvent<PathJob>) => {
  const { id, programs } = e.data;
  try {
    const traces = programs.map(({ run, program }) => ({ run, trace: tracePath(program) }));
    postMessage({ id, traces } satisfies PathAnswer, {
      transfer: traces.map(({ trace }) => trace.record.buffer as ArrayBuffer),
    });
  } catch (error) {
    postMessage({ id, traces: [], error: error instanceof Error ? error.message : String(error) } satisfies PathAnswer);
  }
};
