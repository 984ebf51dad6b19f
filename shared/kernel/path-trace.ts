/**
 * Steps a path program (path-program.ts) from t = 0 to its steps with no compiled code: its tape and
 * its update statements are interpreted with every operation as the JavaScript kernel prints it
 * (src-main/engine/kernel/js-kernel.ts: a^k for |k| ≤ 4 as a left-to-right product, else Math.pow;
 * each table function as it is spelled; each update operation in the statement's own tree), so the
 * path is the compiled kernel's to the bit. The record has the lab's layout (instant-record.ts):
 * a row every `every` steps and the last, [t, lr, loss, lossMin, lossMax, examples, tau, x₁ … x_D].
 *
 * One particle as the kernel steps it: Φ ← update(Φ, ∇L(Φ)) per step; a step whose loss or new
 * position is not finite freezes it where it was (its `death` step recorded), and a row whose loss is
 * not finite stops it there; a stopped particle's rows have NaN losses.
 */
import { formulaFunction } from '../formula/functions';
import type { UpdateExpr } from '../optim/language';
import type { PathProgram } from './path-program';

/** The path's record and its last state (what the lab's final frame reads). */
export interface PathTrace {
  /** Rows of 7 + D numbers (see above). */
  record: Float64Array;
  rows: number;
  /** The optimizer's slots at the end, [slot][D]. */
  slots: number[][];
  /** ∇L at the end (null when stopped or not finite). */
  gradient: number[] | null;
  /** The step it stopped at (0: it did not). */
  death: number;
}

/** Statistics' columns before the coordinates (instant-record.ts `RECORD_STATS`). */
const STATS = 7;

/** a^k as the kernels print it: a product for |k| ≤ 4, else Math.pow; 1/(…) for k < 0. */
function printedPower(a: number, k: number): number {
  const n = Math.abs(k);
  let body: number;
  if (n <= 4) {
    body = a;
    for (let i = 1; i < n; i++) body = body * a;
  } else body = Math.pow(a, n);
  return k < 0 ? 1 / body : body;
}

/** Operation codes of the interpreted tape and update statements (inline arithmetic; a call for the rest). */
const Code = {
  Const: 0,
  Param: 1,
  Add: 2,
  Sub: 3,
  Mul: 4,
  Div: 5,
  Neg: 6,
  Power: 7,
  Call: 8,
  Sqrt: 9,
  Sign: 10,
  Copy: 11,
};
const OPERATOR: Record<string, number> = { '+': Code.Add, '-': Code.Sub, '*': Code.Mul, '/': Code.Div };

/** The tape as one function of Φ writing every entry into `r` (the loss and gradient read from `outs`). */
function tapeEvaluator(program: PathProgram): (x: Float64Array, r: Float64Array) => void {
  const n = program.tape.length;
  const code = new Uint8Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const fns: ((a: number, b: number) => number)[] = [];
  program.tape.forEach((op, i) => {
    switch (op.op) {
      case 'const':
        code[i] = Code.Const;
        break;
      case 'param':
        [code[i], a[i]] = [Code.Param, op.index];
        break;
      case 'data':
        throw new Error('a path program reads no data');
      case 'powi':
        [code[i], a[i], b[i]] = [Code.Power, op.a, op.k];
        break;
      case 'unary':
        [code[i], a[i], b[i]] = op.fn === 'neg' ? [Code.Neg, op.a, 0] : [Code.Call, op.a, -1];
        fns[i] = formulaFunction(op.fn).value;
        break;
      case 'binary':
        [code[i], a[i], b[i]] = [OPERATOR[op.fn] ?? Code.Call, op.a, op.b];
        // The kernels spell a^b (b not a small integer constant) as Math.pow.
        fns[i] = op.fn === '^' ? Math.pow : formulaFunction(op.fn).value;
    }
  });
  return (x, r) => {
    for (let i = 0; i < n; i++) {
      switch (code[i]) {
        case Code.Param:
          r[i] = x[a[i]!]!;
          break;
        case Code.Add:
          r[i] = r[a[i]!]! + r[b[i]!]!;
          break;
        case Code.Sub:
          r[i] = r[a[i]!]! - r[b[i]!]!;
          break;
        case Code.Mul:
          r[i] = r[a[i]!]! * r[b[i]!]!;
          break;
        case Code.Div:
          r[i] = r[a[i]!]! / r[b[i]!]!;
          break;
        case Code.Neg:
          r[i] = -r[a[i]!]!;
          break;
        case Code.Power:
          r[i] = printedPower(r[a[i]!]!, b[i]!);
          break;
        case Code.Call:
          r[i] = fns[i]!(r[a[i]!]!, b[i]! < 0 ? 0 : r[b[i]!]!);
      }
    }
  };
}

/**
 * The update statements as register code over one coordinate's environment `env` (its names first,
 * then one register per operation and number): [code, destination, a, b] per operation, each
 * statement's tree in post-order then its value copied to its target, so every operation is the
 * printed statement's own.
 */
function updateCode(
  program: PathProgram,
  names: string[],
): { ops: Int32Array; registers: number; numbers: [number, number][] } {
  const ops: number[] = [];
  const numbers: [number, number][] = [];
  let next = names.length;
  const slot = (name: string) => {
    const k = names.indexOf(name);
    if (k < 0) throw new Error(`unknown name ${name} in an update rule`);
    return k;
  };
  const emit = (e: UpdateExpr): number => {
    switch (e.op) {
      case 'num':
        numbers.push([next, e.value]);
        return next++;
      case 'name':
        return slot(e.name);
      case 'neg':
      case 'sqrt':
      case 'sign': {
        const a = emit(e.arg);
        ops.push(e.op === 'neg' ? Code.Neg : e.op === 'sqrt' ? Code.Sqrt : Code.Sign, next, a, 0);
        return next++;
      }
      default: {
        const a = emit(e.left);
        const b = emit(e.right);
        ops.push(OPERATOR[e.op]!, next, a, b);
        return next++;
      }
    }
  };
  for (const s of program.statements) ops.push(Code.Copy, slot(s.target), emit(s.expr), 0);
  return { ops: Int32Array.from(ops), registers: next, numbers };
}

/** Runs update code on one environment. */
function runUpdate(ops: Int32Array, env: Float64Array): void {
  for (let i = 0; i < ops.length; i += 4) {
    const [dst, a, b] = [ops[i + 1]!, ops[i + 2]!, ops[i + 3]!];
    switch (ops[i]) {
      case Code.Add:
        env[dst] = env[a]! + env[b]!;
        break;
      case Code.Sub:
        env[dst] = env[a]! - env[b]!;
        break;
      case Code.Mul:
        env[dst] = env[a]! * env[b]!;
        break;
      case Code.Div:
        env[dst] = env[a]! / env[b]!;
        break;
      case Code.Neg:
        env[dst] = -env[a]!;
        break;
      case Code.Sqrt:
        env[dst] = Math.sqrt(env[a]!);
        break;
      case Code.Sign:
        env[dst] = Math.sign(env[a]!);
        break;
      case Code.Copy:
        env[dst] = env[a]!;
    }
  }
}

/** Steps `program` to its end; `stale()` (asked every few thousand steps) stops it early with null. */
export function tracePath(program: PathProgram, stale: () => boolean = () => false): PathTrace | null {
  const { D, steps, every, values, perStep, slots } = program;
  const K = 1 + perStep.length;
  const S = slots.length;
  // The coordinate's environment: x, g, q, lr, the slots, the per-step values, the constants, temporaries.
  const names = ['x', 'g', 'q', 'lr', ...slots, ...perStep, ...Object.keys(program.constants)];
  for (const s of program.statements) if (s.temporary && !names.includes(s.target)) names.push(s.target);
  const update = updateCode(program, names);
  const envs = Array.from({ length: D }, () => {
    const env = new Float64Array(update.registers);
    Object.values(program.constants).forEach((v, j) => (env[4 + S + perStep.length + j] = v));
    for (const [k, v] of update.numbers) env[k] = v;
    return env;
  });
  const evaluate = tapeEvaluator(program);
  const r = new Float64Array(program.tape.length);
  program.tape.forEach((op, i) => op.op === 'const' && (r[i] = op.value));
  const [lossAt, ...gradAt] = program.outs as [number, ...number[]];

  const x = Float64Array.from(program.start);
  const s = Array.from({ length: S }, () => new Float64Array(D));
  const wx = new Float64Array(D);
  const ws = Array.from({ length: S }, () => new Float64Array(D));
  let alive = true;
  let death = 0;
  let tau = 0;
  let fresh = false; // r holds the tape at x
  const full = () => {
    if (!fresh) evaluate(x, r);
    fresh = true;
  };

  /** Step t (1-based) from x. */
  const step = (t: number) => {
    const q = (t - 1) * K;
    tau += values[q]!;
    if (!alive) return;
    full();
    const L = r[lossAt]!;
    for (let d = 0; d < D; d++) {
      const env = envs[d]!;
      const g = r[gradAt[d]!]!;
      env[0] = x[d]!;
      env[1] = g;
      env[2] = g * g;
      env[3] = values[q]!;
      for (let k = 0; k < S; k++) env[4 + k] = s[k]![d]!;
      for (let j = 1; j < K; j++) env[4 + S + j - 1] = values[q + j]!;
      runUpdate(update.ops, env);
      wx[d] = env[0]!;
      for (let k = 0; k < S; k++) ws[k]![d] = env[4 + k]!;
    }
    let finite = L - L === 0;
    for (let d = 0; d < D; d++) finite &&= wx[d]! - wx[d]! === 0;
    if (!finite) {
      alive = false;
      death = L - L === 0 ? t : Math.max(t - 1, 1);
      return;
    }
    x.set(wx);
    for (let k = 0; k < S; k++) s[k]!.set(ws[k]!);
    fresh = false;
  };

  const grid: number[] = [];
  for (let t = 0; t < steps; t += every) grid.push(t);
  grid.push(steps);
  const width = STATS + D;
  const record = new Float64Array(grid.length * width);
  let t = 0;
  for (const [row, at] of grid.entries()) {
    while (t < at) {
      step(++t);
      if ((t & 8191) === 0 && stale()) return null;
    }
    let loss = NaN;
    if (alive) {
      full();
      loss = r[lossAt]!;
      if (!(loss - loss === 0)) {
        alive = false;
        death = Math.max(t, 1);
        loss = NaN;
      }
    }
    const o = row * width;
    record[o] = t;
    record[o + 1] = values[(Math.max(t, 1) - 1) * K]!;
    record[o + 2] = loss;
    record[o + 3] = loss;
    record[o + 4] = loss;
    record[o + 5] = t * program.batch;
    record[o + 6] = tau;
    record.set(x, o + STATS);
  }
  let gradient: number[] | null = null;
  if (alive) {
    full();
    gradient = gradAt.map((i) => r[i]!);
    if (!gradient.every(Number.isFinite)) gradient = null;
  }
  return { record, rows: grid.length, slots: s.map((v) => Array.from(v)), gradient, death };
}
