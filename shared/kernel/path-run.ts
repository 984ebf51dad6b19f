/**
 * A traced path (path-trace.ts) as the lab answers an instant request for its run (InstantRun): the
 * history thinned as the lab thins it (instant-record.ts) and the final frame with the optimizer's
 * state and ∇L, as the run workers read them. The page draws this at once; the lab's own answer, one
 * trip later, is the same to the bit.
 */
import type { InstantRun } from '../contract/instant';
import { frameAt, historyOf, thinIndices, type InstantRecord } from '../contract/instant-record';
import type { Frame } from '../contract/lab';
import type { Experiment } from '../experiment/experiment';
import { effectiveOptimizer, runBatch } from '../experiment/hyper';
import { stateCorrections } from '../optim/averages';
import { float32Of } from './float32';
import type { PathProgram } from './path-program';
import type { PathTrace } from './path-trace';

/** Run `runIndex`'s instant answer from its trace. */
export function instantRunOf(
  experiment: Experiment,
  runIndex: number,
  program: PathProgram,
  trace: PathTrace,
): InstantRun {
  const run = experiment.runs[runIndex]!;
  const D = program.D;
  const record: InstantRecord = { dims: D, rows: trace.rows, every: program.every, values: trace.record };
  const history = historyOf(record, thinIndices(record, experiment.loss.domain));
  // The last row as the lab reads its final frame: positions in float32 clamped to its range, stopped or not.
  const last = frameAt(record, trace.rows - 1, runIndex);
  const alive = trace.death === 0;
  const final: Frame = { ...last, diverged: alive ? 0 : 1, positions: float32Of(trace.record.subarray(-D)) };
  if (program.slots.length > 0)
    final.state = {
      slots: [...program.slots],
      first: trace.slots,
      mean: trace.slots.map((values) => values.map((x) => (alive ? x : NaN))),
      correction: stateCorrections(effectiveOptimizer(run), final.t, runBatch(run)),
    };
  if (trace.gradient) final.gradient = trace.gradient;
  return { history, final };
}
