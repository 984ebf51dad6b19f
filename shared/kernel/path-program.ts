/**
 * A run's whole path as plain data that any thread can step without compiling code (the page's
 * Instant worker; path-trace.ts steps it): the same loss tape and reverse mode the compiled kernels
 * print (tape.ts, tape-gradient.ts), the optimizer table's update statements for this run (read by the
 * table's one reader, language.ts), its constants and the per-step values [η_t, …] (step-values.ts).
 * Only a run whose path needs no random numbers and no data rows has one: a single particle with no
 * spread, the exact gradient and plain sgd dynamics, on a formula without data. Any other run is
 * computed by the lab's run workers alone.
 */
import { CONSTANTS } from '../formula/ast';
import { parseFormula } from '../formula/parse';
import type { Experiment } from '../experiment/experiment';
import { statementsOf, type UpdateStatement } from '../optim/language';
import { recordEvery } from '../contract/instant-record';
import { runShape } from './hyper-block';
import { stepValues } from './step-values';
import { gradient } from './tape-gradient';
import { live, lower, Tape, type TapeOp } from './tape';

/** Most steps a path program is made for (a longer run is left to the lab's run workers). */
export const PATH_MAX_STEPS = 200_000;

export interface PathProgram {
  /** Parameters of the loss. */
  D: number;
  steps: number;
  /** Steps between two rows of the record (instant-record.ts `recordEvery` for one particle). */
  every: number;
  start: number[];
  /** The live tape entries computing the loss and its D partial derivatives, operands renumbered. */
  tape: TapeOp[];
  /** Entries of the loss, then ∂L/∂Φ_1 … ∂L/∂Φ_D. */
  outs: number[];
  /** The optimizer's per-coordinate state slots (all 0 at the start). */
  slots: string[];
  /** The run's update statements, in order, per coordinate. */
  statements: UpdateStatement[];
  /** The rule's constants (c_<name> of the kernels). */
  constants: Record<string, number>;
  /** Names of the per-step values after η. */
  perStep: string[];
  /** Row per step t = 1 … steps: [η_t, …per-step values]. */
  values: Float64Array;
  /** Examples per step (the effective batch). */
  batch: number;
}

/** The last loss taped (a dragged η tapes its formula once). */
let taped: { key: string; tape: TapeOp[]; outs: number[] } | null = null;

/** The live entries of the loss `expr` and its gradient over `params`, renumbered, with the outputs' entries. */
function lossTape(expr: string, params: string[]): { tape: TapeOp[]; outs: number[] } {
  const key = JSON.stringify([expr, params]);
  if (taped?.key === key) return taped;
  const ast = parseFormula(expr, { params, dataVars: [] });
  const full = new Tape();
  const root = lower(full, ast.root, { params, data: [], constants: CONSTANTS });
  const wanted = [root, ...gradient(full, root, params.length)];
  const entries = live(full, wanted);
  const renumber = new Map(entries.map((i, k) => [i, k]));
  const at = (i: number) => renumber.get(i)!;
  const tape = entries.map((i): TapeOp => {
    const op = full.ops[i]!;
    if (op.op === 'unary' || op.op === 'powi') return { ...op, a: at(op.a) };
    if (op.op === 'binary') return { ...op, a: at(op.a), b: at(op.b) };
    return op;
  });
  taped = { key, tape, outs: wanted.map(at) };
  return taped;
}

/** Run `runIndex`'s path program, or null when its path needs the lab's run workers (see above). */
export function pathProgram(experiment: Experiment, runIndex: number): PathProgram | null {
  const run = experiment.runs[runIndex];
  const { loss, steps } = experiment;
  if (!run || loss.model || loss.data || !loss.expr || steps > PATH_MAX_STEPS) return null;
  if (run.particles !== 1 || run.spread !== 0 || run.gradient.kind !== 'exact' || run.dynamics.type !== 'sgd')
    return null;
  const { tape, outs } = lossTape(loss.expr, loss.params);
  const shape = runShape(run);
  const perStep = [...(shape.rule.perStep?.names ?? [])];
  return {
    D: loss.params.length,
    steps,
    every: recordEvery(steps, 1),
    start: [...run.start],
    tape,
    outs,
    slots: [...shape.rule.slots],
    statements: statementsOf(shape.statements),
    constants: shape.rule.constants(shape.optimizer, shape.batch),
    perStep,
    values: stepValues({ ...shape, perStep }, run, 0, steps),
    batch: shape.batch,
  };
}
