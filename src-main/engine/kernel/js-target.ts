/**
 * The JavaScript target of the kernel generator: tape entries and the optimizer table's update
 * statements printed as float64 JavaScript. Only numbers (re-printed from parsed values), fixed
 * identifiers chosen here and the whitelisted Math functions ever reach the source.
 */
import { live, type Tape, type TapeOp } from './tape';

/** A number as a JavaScript literal (finite, ±Infinity or NaN), in parentheses when negative. */
export function jsNumber(v: number): string {
  if (typeof v !== 'number') throw new Error('not a number');
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  const s = String(v);
  if (!/^-?(\d+(\.\d+)?(e[+-]\d+)?)$/.test(s)) throw new Error('unexpected number form');
  return v < 0 ? `(${s})` : s;
}

/** How a target names the slots a tape reads: the d-th parameter, the j-th data variable. */
export interface JsNames {
  param(d: number): string;
  data(j: number): string;
  /** The local holding tape entry i (unique per emitted tape, e.g. `a12`). */
  value(i: number): string;
}

const MATH: Record<string, string> = {
  sin: 'Math.sin',
  cos: 'Math.cos',
  tan: 'Math.tan',
  exp: 'Math.exp',
  log: 'Math.log',
  sqrt: 'Math.sqrt',
  abs: 'Math.abs',
  tanh: 'Math.tanh',
  sinh: 'Math.sinh',
  cosh: 'Math.cosh',
  atan: 'Math.atan',
  sign: 'Math.sign',
};

function expr(op: TapeOp, n: JsNames): string {
  switch (op.op) {
    case 'const':
      return jsNumber(op.value);
    case 'param':
      return n.param(op.index);
    case 'data':
      return n.data(op.index);
    case 'powi': {
      const k = Math.abs(op.k);
      const a = n.value(op.a);
      const body = k <= 4 ? new Array<string>(k).fill(a).join(' * ') : `Math.pow(${a}, ${k})`;
      return op.k < 0 ? `1 / (${body})` : body;
    }
    case 'unary': {
      const a = n.value(op.a);
      switch (op.fn) {
        case 'neg':
          return `-${a}`;
        case 'recip':
          return `1 / ${a}`;
        case 'logpos':
          return `(${a} > 0 ? Math.log(${a}) : 0)`;
        default:
          return `${MATH[op.fn]!}(${a})`;
      }
    }
    case 'binary': {
      const a = n.value(op.a);
      const b = n.value(op.b);
      switch (op.fn) {
        case 'add':
          return `${a} + ${b}`;
        case 'sub':
          return `${a} - ${b}`;
        case 'mul':
          return `${a} * ${b}`;
        case 'div':
          return `${a} / ${b}`;
        case 'pow':
          return `Math.pow(${a}, ${b})`;
        case 'min':
          return `Math.min(${a}, ${b})`;
        case 'max':
          return `Math.max(${a}, ${b})`;
        case 'le':
          return `(${a} <= ${b} ? 1 : 0)`;
        case 'ge':
          return `(${a} >= ${b} ? 1 : 0)`;
      }
    }
  }
}

/**
 * Statements computing the tape entries that `outs` need, as `const` locals; returns the lines and the
 * expression of each output (a local, a literal or a slot name).
 */
export function emitTape(tape: Tape, outs: number[], names: JsNames): { lines: string[]; outs: string[] } {
  const lines: string[] = [];
  const inline = (i: number): string | undefined => {
    const op = tape.ops[i]!;
    if (op.op === 'const') return jsNumber(op.value);
    if (op.op === 'param') return names.param(op.index);
    if (op.op === 'data') return names.data(op.index);
    return undefined;
  };
  const ref: JsNames = { ...names, value: (i) => inline(i) ?? names.value(i) };
  for (const i of live(tape, outs)) {
    if (inline(i) !== undefined) continue;
    lines.push(`const ${names.value(i)} = ${expr(tape.ops[i]!, ref)};`);
  }
  return { lines, outs: outs.map((i) => ref.value(i)) };
}

/** Tokens of the optimizer table's update language (shared/optim/descriptors.ts). */
const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?)|(:=|[=+\-*/(),]))/y;

/**
 * One update statement of the optimizer table translated to JavaScript: every identifier through
 * `rename` (which throws for one it does not know), `sqrt`/`sign` to Math. `name := e` declares a
 * temporary (`const`), `name = e` assigns.
 */
export function translateStatement(statement: string, rename: (id: string) => string): string {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let declare = false;
  while (TOKEN.lastIndex < statement.length) {
    const m = TOKEN.exec(statement);
    if (!m) {
      if (/^\s*$/.test(statement.slice(TOKEN.lastIndex))) break;
      throw new Error(`bad update statement: ${statement}`);
    }
    if (m[1] !== undefined) out.push(m[1] === 'sqrt' || m[1] === 'sign' ? MATH[m[1]]! : rename(m[1]));
    else if (m[2] !== undefined) out.push(m[2]);
    else if (m[3] === ':=') {
      declare = true;
      out.push('=');
    } else out.push(m[3]!);
  }
  return `${declare ? 'const ' : ''}${out.join(' ')};`;
}
