/**
 * A path program's code (path-program.ts) made runnable without compiling anything: its loss tape as
 * a typed-array switch and its update statements as register code, every operation as the JavaScript
 * kernel prints it (src-main/engine/kernel/js-kernel.ts, dialect.ts): a^k for |k| ≤ 4 as a
 * left-to-right product, else Math.pow; each table function as it is spelled; each update operation
 * in the statement's own tree. path-trace.ts steps a run with them.
 */
import { formulaFunction } from '../formula/functions';
import type { UpdateExpr } from '../optim/language';
import type { PathProgram } from './path-program';

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
export function tapeEvaluator(program: PathProgram): (x: Float64Array, r: Float64Array) => void {
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
export function updateCode(
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
export function runUpdate(ops: Int32Array, env: Float64Array): void {
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
