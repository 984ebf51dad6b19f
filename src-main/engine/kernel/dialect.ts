/**
 * What the printed targets (JavaScript, WGSL) share: printing a tape's live entries as locals, the
 * optimizer table's update language translated statement by statement, and the optimizer's update
 * per coordinate. A `Dialect` says only how each target spells numbers, locals and the two built-ins
 * the update language has; everything else is written once, here.
 *
 * No text from the experiment reaches the output: identifiers of the update language go through
 * `rename` (which throws for a name it does not know), numbers are re-printed from their values.
 */
import { statementsOf, type UpdateExpr } from '../../../shared/optim/language';
import type { KernelPlan } from './plan';
import { live, type Tape, type TapeOp } from './tape';

/** How a target names the slots a tape reads: the d-th parameter, the j-th data variable. */
export interface TapeNames {
  param(d: number): string;
  data(j: number): string;
  /** The local holding tape entry i (unique per emitted tape, e.g. `a12`). */
  value(i: number): string;
}

/** How one target spells what the shared printers write. */
export interface Dialect {
  /** A number literal (parenthesized when negative). */
  number(v: number): string;
  /** The keyword of a local that is never assigned again (`const`, `let`). */
  constant: string;
  /** The keyword of a local that is assigned again (`let`, `var`). */
  variable: string;
  /** The update language's `sqrt` and `sign`. */
  builtin(name: 'sqrt' | 'sign'): string;
  /** One tape operation as an expression over the names. */
  expr(op: TapeOp, names: TapeNames): string;
}

/**
 * Statements computing the tape entries that `outs` need, as locals; returns the lines and the
 * expression of each output (a local, a literal or a slot name).
 */
export function emitTapeLines(
  dialect: Dialect,
  tape: Tape,
  outs: number[],
  names: TapeNames,
): { lines: string[]; outs: string[] } {
  const lines: string[] = [];
  const inline = (i: number): string | undefined => {
    const op = tape.ops[i]!;
    if (op.op === 'const') return dialect.number(op.value);
    if (op.op === 'param') return names.param(op.index);
    if (op.op === 'data') return names.data(op.index);
    return undefined;
  };
  const ref: TapeNames = { ...names, value: (i) => inline(i) ?? names.value(i) };
  for (const i of live(tape, outs)) {
    if (inline(i) !== undefined) continue;
    lines.push(`${dialect.constant} ${names.value(i)} = ${dialect.expr(tape.ops[i]!, ref)};`);
  }
  return { lines, outs: outs.map((i) => ref.value(i)) };
}

/**
 * One update statement of the optimizer table in the target, read by the language's one reader
 * (shared/optim/language.ts) and printed back with every operation parenthesized (the same tree, so the
 * same arithmetic): every identifier through `rename`, `sqrt`/`sign` to the target's built-ins, numbers
 * re-printed. `name := e` declares a temporary, `name = e` assigns.
 */
export function translateUpdate(dialect: Dialect, statement: string, rename: (id: string) => string): string {
  const [s] = statementsOf([statement]);
  const print = (e: UpdateExpr): string => {
    switch (e.op) {
      case 'num':
        return dialect.number(e.value);
      case 'name':
        return rename(e.name);
      case 'neg':
        return `(-${print(e.arg)})`;
      case 'sqrt':
      case 'sign':
        return `${dialect.builtin(e.op)}(${print(e.arg)})`;
      default:
        return `(${print(e.left)} ${e.op} ${print(e.right)})`;
    }
  };
  return `${s!.temporary ? `${dialect.constant} ` : ''}${rename(s!.target)} = ${print(s!.expr)};`;
}

/**
 * Declarations of the hyperparameters as locals, read from the run's block (hyper.ts) by `read(i)`:
 * each rule constant as `c_<name>`, the noise factor of Σ/B at cell (d, e) as `nf<d>_<e>` and that of
 * Σ as `ef<d>_<e>`. The kernels declare them once per call; nothing of their values is printed.
 */
export function hyperLines(dialect: Dialect, plan: Pick<KernelPlan, 'layout'>, read: (i: number) => string): string[] {
  const { constants, noise } = plan.layout;
  const C = constants.length;
  const M = noise.length;
  const k = dialect.constant;
  return [
    ...constants.map((name, i) => `${k} c_${name} = ${read(i)};`),
    ...noise.map(([d, e], j) => `${k} nf${d}_${e} = ${read(C + j)};`),
    ...noise.map(([d, e], j) => `${k} ef${d}_${e} = ${read(C + M + j)};`),
  ];
}

/**
 * Σ_e F[d][e] z_e as source, for the noise factor of Σ/B (`nf`) or of Σ (`ef`): only the cells that
 * are not zero (the plan's layout), in column order.
 */
export function factorTimes(dialect: Dialect, plan: KernelPlan, factor: 'nf' | 'ef', d: number): string {
  const terms = plan.layout.noise.flatMap(([r, e]) => (r === d ? [`${factor}${r}_${e} * z${e}`] : []));
  return terms.length ? terms.join(' + ') : dialect.number(0);
}

/** What the update statements are printed from (a formula run's plan, or a model's loop over D). */
export type UpdatePlan = Pick<KernelPlan, 'D' | 'statements' | 'layout' | 'needsExamples' | 'rule' | 'perStep'>;

/**
 * The optimizer's update per coordinate d, from the table's statements: the position in `w_x<d>`, the
 * state slots in `w_s<k>_<d>` (copied from `x<d>`, `s<k>_<d>`), reading `g<d>`, `q<d>`, `lr`, the
 * per-step values `v_<name>` and the rule's constants `c_<name>` (hyperLines).
 */
export function updateLines(dialect: Dialect, plan: UpdatePlan): string[] {
  const statements = plan.statements;
  const constants = new Set(plan.layout.constants);
  const temps = new Set(statementsOf(statements).flatMap((s) => (s.temporary ? [s.target] : [])));
  const lines: string[] = [];
  for (let d = 0; d < plan.D; d++) {
    const rename = (id: string): string => {
      if (id === 'x') return `w_x${d}`;
      if (id === 'g') return `g${d}`;
      if (id === 'q') {
        if (!plan.needsExamples) throw new Error('q read by a rule that does not need examples');
        return `q${d}`;
      }
      if (id === 'lr') return 'lr';
      const s = plan.rule.slots.indexOf(id);
      if (s >= 0) return `w_s${s}_${d}`;
      if (plan.perStep.includes(id)) return `v_${id}`;
      if (constants.has(id)) return `c_${id}`;
      if (temps.has(id)) return `tmp_${id}_${d}`;
      throw new Error(`unknown name ${id} in an update rule`);
    };
    const v = dialect.variable;
    lines.push(`${v} w_x${d} = x${d};`, ...plan.rule.slots.map((_, s) => `${v} w_s${s}_${d} = s${s}_${d};`));
    lines.push(...statements.map((s) => translateUpdate(dialect, s, rename)));
  }
  return lines;
}
