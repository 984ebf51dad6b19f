/**
 * The kernels' analysis: a checked formula lowered to a tape (straight-line SSA code over float64
 * values, shared subexpressions merged, constants folded) and its reverse-mode derivative appended to
 * the same tape (tape-gradient.ts). Targets (JavaScript, WGSL) only print tape entries; nothing here knows a target.
 *
 * No text from the user survives lowering: names become parameter, data or moment slots by index,
 * numbers are kept as parsed values, functions as members of the whitelist.
 */
import type { FormulaNode } from '../formula/ast';
import { formulaFunction, type Algebra } from '../formula/functions';

/** An operation of the formula function table (`shared/formula/functions.ts`) by its table name. */
export type TableOp = string;

/** One tape entry; operands are indices of earlier entries. */
export type TapeOp =
  | { op: 'const'; value: number }
  /** The d-th parameter of the particle. */
  | { op: 'param'; index: number }
  /** The j-th data variable of the current example. */
  | { op: 'data'; index: number }
  | { op: 'unary'; fn: TableOp; a: number }
  | { op: 'binary'; fn: TableOp; a: number; b: number }
  /** a^k for a small integer k (repeated multiplication: negative bases work). */
  | { op: 'powi'; a: number; k: number };

/** Largest integer exponent written as multiplications. */
const MAX_INT_POWER = 64;

/** a^k by repeated multiplication, as the kernels compute it. */
export function powInt(a: number, k: number): number {
  let n = Math.abs(k);
  let r = 1;
  let base = a;
  while (n > 0) {
    if (n & 1) r *= base;
    base *= base;
    n >>= 1;
  }
  return k < 0 ? 1 / r : r;
}

/**
 * An append-only tape with hash-consing (equal entries are stored once) and constant folding. It is
 * an `Algebra` of the function table, so the table's derivative rules build adjoint entries on it.
 */
export class Tape implements Algebra<number> {
  readonly ops: TapeOp[] = [];
  private readonly index = new Map<string, number>();

  private push(op: TapeOp): number {
    const key = JSON.stringify(op);
    const found = this.index.get(key);
    if (found !== undefined) return found;
    this.ops.push(op);
    this.index.set(key, this.ops.length - 1);
    return this.ops.length - 1;
  }

  constValue(i: number): number | undefined {
    const op = this.ops[i]!;
    return op.op === 'const' ? op.value : undefined;
  }

  num(value: number): number {
    return this.push({ op: 'const', value: Object.is(value, -0) ? 0 : value });
  }

  param(index: number): number {
    return this.push({ op: 'param', index });
  }

  data(index: number): number {
    return this.push({ op: 'data', index });
  }

  unary(fn: TableOp, a: number): number {
    const c = this.constValue(a);
    if (c !== undefined) return this.num(formulaFunction(fn).value(c, 0));
    return this.push({ op: 'unary', fn, a });
  }

  binary(fn: TableOp, a: number, b: number): number {
    const ca = this.constValue(a);
    const cb = this.constValue(b);
    if (ca !== undefined && cb !== undefined) return this.num(formulaFunction(fn).value(ca, cb));
    // Identities that hold for every float (x + 0 = x, x·1 = x, x/1 = x); x·0 is not folded (NaN, ∞).
    if (fn === '+' && ca === 0) return b;
    if ((fn === '+' || fn === '-') && cb === 0) return a;
    if (fn === '*' && ca === 1) return b;
    if ((fn === '*' || fn === '/') && cb === 1) return a;
    if (fn === '*' && ca === -1) return this.unary('neg', b);
    if (fn === '*' && cb === -1) return this.unary('neg', a);
    if (fn === '-' && ca === 0) return this.unary('neg', b);
    if (fn === '^' && cb !== undefined && Number.isInteger(cb) && Math.abs(cb) <= MAX_INT_POWER)
      return this.powi(a, cb);
    return this.push({ op: 'binary', fn, a, b });
  }

  powi(a: number, k: number): number {
    const ca = this.constValue(a);
    if (ca !== undefined) return this.num(powInt(ca, k));
    if (k === 0) return this.num(1);
    if (k === 1) return a;
    return this.push({ op: 'powi', a, k });
  }

  add = (a: number, b: number): number => this.binary('+', a, b);
  sub = (a: number, b: number): number => this.binary('-', a, b);
  mul = (a: number, b: number): number => this.binary('*', a, b);
  div = (a: number, b: number): number => this.binary('/', a, b);
  neg = (a: number): number => this.unary('neg', a);
  pow = (a: number, b: number): number => this.binary('^', a, b);
  call = (fn: TableOp, a: number, b?: number): number => (b === undefined ? this.unary(fn, a) : this.binary(fn, a, b));
}

/** Where a formula's names live: the index of each parameter and data variable. */
export interface Slots {
  params: readonly string[];
  data: readonly string[];
  /** Named constants (pi, e) when no parameter or data variable has the name. */
  constants?: ReadonlyMap<string, number>;
}

/** Lowers a checked formula tree onto the tape; returns the entry holding its value. */
export function lower(tape: Tape, node: FormulaNode, slots: Slots): number {
  switch (node.kind) {
    case 'number':
      return tape.num(node.value);
    case 'name': {
      const p = slots.params.indexOf(node.name);
      if (p >= 0) return tape.param(p);
      const d = slots.data.indexOf(node.name);
      if (d >= 0) return tape.data(d);
      const c = slots.constants?.get(node.name);
      if (c !== undefined) return tape.num(c);
      throw new Error(`no slot for a name of the formula`);
    }
    case 'neg':
      return tape.unary('neg', lower(tape, node.arg, slots));
    case 'binary':
      return tape.binary(node.op, lower(tape, node.left, slots), lower(tape, node.right, slots));
    case 'call': {
      const { arity } = formulaFunction(node.fn);
      const args = node.args.map((a) => lower(tape, a, slots));
      if (arity === 1) return tape.unary(node.fn, args[0]!);
      // min/max of many arguments as a left-to-right chain of two.
      return args.slice(1).reduce((acc, x) => tape.binary(node.fn, acc, x), args[0]!);
    }
  }
}

/** Which entries depend on a parameter (only those carry adjoints). */
export function dependsOnParams(tape: Tape): boolean[] {
  const dep: boolean[] = [];
  tape.ops.forEach((op, i) => {
    switch (op.op) {
      case 'param':
        dep[i] = true;
        break;
      case 'const':
      case 'data':
        dep[i] = false;
        break;
      case 'unary':
      case 'powi':
        dep[i] = dep[op.a]!;
        break;
      case 'binary':
        dep[i] = dep[op.a]! || dep[op.b]!;
    }
  });
  return dep;
}

/** The entries needed to compute `outs`, in tape order (dead entries dropped). */
export function live(tape: Tape, outs: number[]): number[] {
  const need = new Array<boolean>(tape.ops.length).fill(false);
  const stack = [...outs];
  while (stack.length) {
    const i = stack.pop()!;
    if (need[i]) continue;
    need[i] = true;
    const op = tape.ops[i]!;
    if (op.op === 'unary' || op.op === 'powi') stack.push(op.a);
    else if (op.op === 'binary') stack.push(op.a, op.b);
  }
  return need.flatMap((n, i) => (n ? [i] : []));
}
