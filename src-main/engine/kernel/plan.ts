/**
 * What one run's kernel computes, decided once and independent of the target it is printed for:
 * the loss tapes (per example, and the full data mean through the data's moments where the loss is
 * polynomial in the data), the gradient estimate, the optimizer's rule from the table, the dynamics,
 * the per-step values and the random streams' keys. The hyperparameters are not part of what is
 * printed: they travel in the plan's `hyper` block (shared/kernel/hyper-block.ts), and `retune` swaps them in a plan
 * without parsing, taping or reading the data again.
 */
import { CONSTANTS } from '../../../shared/formula/ast';
import { parseFormula } from '../../../shared/formula/parse';
import type { KernelRule } from '../../../shared/optim/descriptors';
import type { Experiment, Optimizer, Run } from '../../../shared/experiment/experiment';
import type { DataSet } from '../api';
import { hashKey, Stream } from '../random/streams';
import { hyperBlock, runShape, type HyperLayout, type RunShape } from '../../../shared/kernel/hyper-block';
import { expand, moment } from './data-moments';
import { lower, Tape } from '../../../shared/kernel/tape';
import { gradient } from '../../../shared/kernel/tape-gradient';

/** A tape with its outputs: the loss and its D partial derivatives. */
export interface LossTape {
  tape: Tape;
  loss: number;
  grad: number[];
}

export interface KernelPlan {
  D: number;
  /** Examples in the data (0: a deterministic loss). */
  n: number;
  /** The per-example loss f(Φ, d) (with data) or the loss itself (without). */
  example: LossTape;
  /** The full mean loss in closed form (moments), or null: then a loop over the n rows. */
  full: LossTape | null;
  gradient: Run['gradient'];
  batch: number;
  dynamics: Run['dynamics'];
  /** The effective optimizer of the current hyperparameters (N resolved, batch scaling applied). */
  optimizer: Optimizer;
  rule: KernelRule;
  /** The rule's update statements for this optimizer. */
  statements: readonly string[];
  /** Whether the update reads q = Σ_b ĝ_b². */
  needsExamples: boolean;
  /** Where the rule's constants and the noise factor sit in `hyper`. */
  layout: HyperLayout;
  /** The hyperparameter block the kernels read at each call (shared/kernel/hyper-block.ts). */
  hyper: Float64Array;
  /** The run's shape key: plans with equal keys print the same kernel. */
  shapeKey: string;
  /** Names of the per-step values after lr. */
  perStep: readonly string[];
  /** Keys of the random streams (seed, run, stream). */
  keys: { start: number; batch: number; gaussian: number; langevin: number; sigma: number };
}

/** The loss tape of a formula tree over parameters and data slots. */
function lossTape(tape: Tape, root: number, D: number): LossTape {
  return { tape, loss: root, grad: gradient(tape, root, D) };
}

export function planRun(experiment: Experiment, run: Run, runIndex: number, data: DataSet): KernelPlan {
  const loss = experiment.loss;
  const D = loss.params.length;
  const ast = parseFormula(loss.expr, { params: loss.params, dataVars: data.vars });
  const slots = { params: loss.params, data: data.vars, constants: CONSTANTS };
  const exTape = new Tape();
  const example = lossTape(exTape, lower(exTape, ast.root, slots), D);
  let full: LossTape | null = null;
  if (data.n === 0) full = example;
  else {
    const poly = expand(ast.root, data.vars);
    if (poly) {
      const tape = new Tape();
      let sum = tape.num(0);
      for (const [key, coef] of poly) {
        const m = moment(key, data.columns, data.n);
        sum = tape.add(sum, tape.mul(lower(tape, coef, slots), tape.num(m)));
      }
      full = lossTape(tape, sum, D);
    }
  }
  const shape = runShape(run);
  const { rule, batch } = shape;
  const seed = experiment.seed;
  const key = (stream: number) => hashKey(seed, runIndex, stream) | 0;
  return {
    D,
    n: data.n,
    example,
    full,
    gradient: run.gradient,
    batch,
    dynamics: run.dynamics,
    ...hyperPart(shape),
    rule,
    statements: shape.statements,
    needsExamples: shape.needsExamples,
    layout: shape.layout,
    shapeKey: shape.key,
    perStep: rule.perStep?.names ?? [],
    keys: {
      start: key(Stream.start),
      batch: key(Stream.batch),
      gaussian: key(Stream.gaussian),
      langevin: key(Stream.langevin),
      sigma: key(Stream.sigmaSample),
    },
  };
}

/** The parts of a plan that a hot change of the hyperparameters replaces. */
const hyperPart = (shape: RunShape) => ({ optimizer: shape.optimizer, hyper: hyperBlock(shape) });

/**
 * `plan` with `run`'s hyperparameters when `run` keeps its shape (only η, the schedule, N/β, ε, λ or
 * the noise's covariance changed): a new block, nothing parsed or rebuilt. Null when the kernel itself
 * changes (optimizer type, gradient kind or batch, dynamics, start …): then plan again.
 */
export function retune(plan: KernelPlan, run: Run): KernelPlan | null {
  const shape = runShape(run);
  if (shape.key !== plan.shapeKey) return null;
  return { ...plan, ...hyperPart(shape), gradient: run.gradient };
}
