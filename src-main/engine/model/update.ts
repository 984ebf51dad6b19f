/**
 * The optimizer's update of a model run, coordinate by coordinate in a loop over D: the very
 * statements the formula kernels print (the optimizer table, shared/optim/descriptors.ts, translated
 * by kernel/dialect.ts for one coordinate), reading the run's hyperparameter block (shared/kernel/hyper-block.ts)
 * at each call, so a hot change of η, N, β, ε or λ recompiles nothing.
 */
import { hyperLines, updateLines, type UpdatePlan } from '../kernel/dialect';
import type { RunShape } from '../../../shared/kernel/hyper-block';
import { JS_DIALECT } from '../kernel/js-target';

/**
 * Writes the updated position of particle row `o` (X[o…o + D)) into NX[0…D) and its state slots into
 * NS[k][0…D), from ĝ = G, q = Q (Σ_b ĝ_b², read only by rules that need it), lr = η_t and the step's
 * values v[vo + 1…]; returns whether every new coordinate is finite.
 */
export type ModelUpdate = (
  X: Float64Array,
  S: Float64Array[],
  NX: Float64Array,
  NS: Float64Array[],
  o: number,
  D: number,
  G: Float64Array,
  Q: Float64Array,
  v: Float64Array,
  vo: number,
  hy: Float64Array,
) => boolean;

const cache = new Map<string, ModelUpdate>();

/** The update of a run of this shape, compiled once per distinct source. */
export function modelUpdate(shape: RunShape): ModelUpdate {
  const plan: UpdatePlan = {
    D: 1,
    statements: shape.statements,
    layout: shape.layout,
    needsExamples: shape.needsExamples,
    rule: shape.rule,
    perStep: shape.rule.perStep?.names ?? [],
  };
  const slots = shape.rule.slots;
  const src = [
    '"use strict";',
    'return function update(X, S, NX, NS, o, D, G, Q, v, vo, hy) {',
    ...hyperLines(JS_DIALECT, plan, (i) => `hy[${i}]`),
    'const lr = v[vo];',
    ...plan.perStep.map((name, j) => `const v_${name} = v[vo + ${j + 1}];`),
    ...slots.map((_, s) => `const S${s} = S[${s}], N${s} = NS[${s}];`),
    'let ok = true;',
    'for (let d = 0; d < D; d++) {',
    'const x0 = X[o + d]; const g0 = G[d];',
    ...(shape.needsExamples ? ['const q0 = Q[d];'] : []),
    ...slots.map((_, s) => `const s${s}_0 = S${s}[o + d];`),
    ...updateLines(JS_DIALECT, plan),
    'NX[d] = w_x0; if (!(w_x0 - w_x0 === 0)) ok = false;',
    ...slots.map((_, s) => `N${s}[d] = w_s${s}_0;`),
    '}',
    'return ok; };',
  ].join('\n');
  let fn = cache.get(src);
  if (!fn) {
    // Only this file's text, the table's statements through the dialect and re-printed numbers.
    fn = new Function(src)() as ModelUpdate;
    if (cache.size > 64) cache.clear();
    cache.set(src, fn);
  }
  return fn;
}
