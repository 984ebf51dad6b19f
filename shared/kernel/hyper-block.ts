/**
 * A run's hyperparameters apart from its plan (as optax's `inject_hyperparams` does): the optimizer
 * rule's constants (β, 1 − β, ε, λ … from the table, N and batch scaling resolved) and the gaussian
 * noise's Cholesky factor live in a small float64 block that the kernels read at each call; η and the
 * schedule reach them as the per-step values (`stepValues`). A hot change writes a new block and
 * rebuilds nothing, as long as the run's *shape* (what the printed kernel depends on) stays: the
 * shape key below says when it does not.
 *
 * Block layout: the rule's constants in `constants` order, then the factor of Σ/B at each cell of
 * `noise`, then the factor of Σ (per-example draws) at the same cells.
 */
import { optimizerDescriptor, type KernelRule } from '../optim/descriptors';
import type { Optimizer, Run } from '../experiment/experiment';
import { effectiveOptimizer, runBatch } from '../experiment/hyper';
import { cholesky } from './cholesky';

export interface HyperLayout {
  /** Names of the rule's constants, in block order. */
  constants: readonly string[];
  /** Cells [row, column] of the noise factor that are not zero, row by row (the kernels skip the zeros). */
  noise: readonly (readonly [number, number])[];
}

/** What a run's kernel is printed from, besides the loss: everything but the hyperparameters' values. */
export interface RunShape {
  /** The optimizer a run steps with (N resolved, batch scaling applied). */
  optimizer: Optimizer;
  rule: KernelRule;
  batch: number;
  /** The rule's update statements for this optimizer (they depend on its `secondMoment`). */
  statements: readonly string[];
  needsExamples: boolean;
  layout: HyperLayout;
  /** The gaussian estimate's Cholesky factor of Σ, else null. */
  factor: number[][] | null;
  /** Equal keys: the same printed kernel (for the same loss, data and run index). */
  key: string;
}

/** A run's shape, from its settings alone (no formula, no data): cheap enough for every hot change. */
export function runShape(run: Run): RunShape {
  const optimizer = effectiveOptimizer(run);
  const rule = optimizerDescriptor(optimizer.type).kernel;
  const batch = runBatch(run);
  const g = run.gradient;
  const factor = g.kind === 'gaussian' ? cholesky(g.cov) : null;
  const noise: [number, number][] = [];
  factor?.forEach((row, d) => row.forEach((v, e) => v !== 0 && noise.push([d, e])));
  const layout: HyperLayout = { constants: Object.keys(rule.constants(optimizer, batch)), noise };
  const statements = rule.update(optimizer);
  const needsExamples = rule.needsExamples(optimizer);
  const key = JSON.stringify([
    optimizer.type,
    statements,
    needsExamples,
    layout,
    g.kind,
    batch,
    run.dynamics,
    run.start,
    run.spread,
  ]);
  return { optimizer, rule, batch, statements, needsExamples, layout, factor, key };
}

/** The hyperparameter block of a run of this shape (see the layout above). */
export function hyperBlock(shape: RunShape): Float64Array {
  const { layout, factor } = shape;
  const values = shape.rule.constants(shape.optimizer, shape.batch);
  const C = layout.constants.length;
  const M = layout.noise.length;
  const block = new Float64Array(C + 2 * M);
  layout.constants.forEach((name, i) => (block[i] = values[name]!));
  const scale = Math.sqrt(shape.batch);
  layout.noise.forEach(([d, e], j) => {
    const v = factor![d]![e]!;
    block[C + j] = v / scale;
    block[C + M + j] = v;
  });
  return block;
}
