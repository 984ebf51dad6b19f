/**
 * What the printed targets (JavaScript, WGSL) share: printing a tape's live entries as locals, the
 * optimizer table's update language translated statement by statement, and the optimizer's update
 * per coordinate. A `Dialect` says only how each target spells numbers, locals and the two built-ins
 * the update language has; everything else is written once, here.
 *
 * No text from the experiment reaches the output: identifiers of the update language go through
 * `rename` (which throws for a name it does not know), numbers are re-printed from their values.
 */
import { formulaFunction, spell } from '../../../shared/formula/functions';
import { statementsOf, type UpdateExpr } from '../../../shared/optim/language';
import type { KernelPlan, LossTape } from './plan';
import { live, type Tape, type TapeOp } from '../../../shared/kernel/tape';

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
  /** Which of the function table's spellings (shared/formula/functions.ts) the target uses. */
  spelling: 'js' | 'wgsl';
  /** The function computing a^k for an integer k beyond 4 (`Math.pow`, `powi`). */
  power: string;
  /** The literal 1 as the numerator of a negative power (`1`, `1.0`). */
  one: string;
}

/** The update language's `sqrt` and `sign` in the target. */
export function builtin(dialect: Dialect, name: 'sqrt' | 'sign'): string {
  return formulaFunction(name)[dialect.spelling];
}

/**
 * One tape operation as an expression over the names: a^k for |k| ≤ 4 as a product (then 1/(…) for
 * k < 0), beyond that through the target's power function; functions in the table's spelling.
 */
export function tapeExpr(dialect: Dialect, op: TapeOp, n: TapeNames): string {
  switch (op.op) {
    case 'const':
      return dialect.number(op.value);
    case 'param':
      return n.param(op.index);
    case 'data':
      return n.data(op.index);
    case 'powi': {
      const k = Math.abs(op.k);
      const a = n.value(op.a);
      if (!Number.isInteger(op.k)) throw new Error('not an integer power');
      const body = k <= 4 ? new Array<string>(k).fill(a).join(' * ') : `${dialect.power}(${a}, ${k})`;
      return op.k < 0 ? `${dialect.one} / (${body})` : body;
    }
    case 'unary':
      return spell(formulaFunction(op.fn)[dialect.spelling], [n.value(op.a)]);
    case 'binary':
      return spell(formulaFunction(op.fn)[dialect.spelling], [n.value(op.a), n.value(op.b)]);
  }
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
    lines.push(`${dialect.constant} ${names.value(i)} = ${tapeExpr(dialect, tape.ops[i]!, ref)};`);
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
        return `${builtin(dialect, e.op)}(${print(e.arg)})`;
      default:
        return `(${print(e.left)} ${e.op} ${print(e.right)})`;
    }
  };
  return `${s!.temporary ? `${dialect.constant} ` : ''}${rename(s!.target)} = ${print(s!.expr)};`;
}

/**
 * Declarations of the hyperparameters as locals, read from the run's block (shared/kernel/hyper-block.ts) by `read(i)`:
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

/** 0, 1, …, n − 1: the coordinates a kernel's lines are written for. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Dynamics other than sgd leave the optimizer's state as it is: `w_s<k>_<d>` = `s<k>_<d>`. */
export function keepSlotLines(dialect: Dialect, plan: Pick<KernelPlan, 'D' | 'rule'>): string[] {
  const k = dialect.constant;
  return plan.rule.slots.flatMap((_, s) => range(plan.D).map((d) => `${k} w_s${s}_${d} = s${s}_${d};`));
}

/** One standard normal draw `z<d>` per coordinate, on one line. */
export function normalLine(dialect: Dialect, D: number): string {
  return range(D)
    .map((d) => `${dialect.constant} z${d} = normal();`)
    .join(' ');
}

/** A gaussian estimate's ĝ<d> = R[d + 1] + (Σ/B factor · z)<d>, from the full gradient in R. */
export function gaussianGradientLines(dialect: Dialect, plan: KernelPlan): string[] {
  return range(plan.D).map((d) => `${dialect.constant} g${d} = R[${d + 1}] + ${factorTimes(dialect, plan, 'nf', d)};`);
}

/** One sample ĝ_b = R[d + 1] + (Σ factor · z)<d> per coordinate, summed into h<d> and its square into r<d>. */
export function gaussianSampleLines(dialect: Dialect, plan: KernelPlan): string[] {
  const k = dialect.constant;
  return range(plan.D).map(
    (d) => `{ ${k} e = R[${d + 1}] + ${factorTimes(dialect, plan, 'ef', d)}; h${d} += e; r${d} += e * e; }`,
  );
}

/** A Langevin substep with gaussian noise: y<d> −= G<d> dt, plus amp · (Σ/B factor · z)<d>. */
export function langevinGaussianLines(dialect: Dialect, plan: KernelPlan): string[] {
  return range(plan.D).map((d) => `y${d} = y${d} - G${d} * dt + amp * (${factorTimes(dialect, plan, 'nf', d)});`);
}

/** Statements evaluating a loss tape at p0…p(D−1) (data at d0…), locals named `<prefix><i>`: `L` and/or `G0…` as expressions. */
export function lossTapeCode(
  dialect: Dialect,
  lt: LossTape,
  prefix: string,
  withGrad: boolean,
): { lines: string[]; loss: string; grad: string[] } {
  const outs = withGrad ? [lt.loss, ...lt.grad] : [lt.loss];
  const { lines, outs: exprs } = emitTapeLines(dialect, lt.tape, outs, {
    param: (d) => `p${d}`,
    data: (j) => `d${j}`,
    value: (i) => `${prefix}${i}`,
  });
  return { lines, loss: exprs[0]!, grad: exprs.slice(1) };
}

/** How many data columns a plan's example tape reads (0 without data rows). */
export function dataColumns(plan: Pick<KernelPlan, 'n' | 'example'>): number {
  return plan.n > 0 ? Math.max(-1, ...plan.example.tape.ops.map((o) => (o.op === 'data' ? o.index : -1))) + 1 : 0;
}
