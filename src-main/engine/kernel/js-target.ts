/**
 * The JavaScript target of the kernel generator: tape entries and the optimizer table's update
 * statements printed as float64 JavaScript. Only numbers (re-printed from parsed values), fixed
 * identifiers chosen here and the function table's JavaScript spellings ever reach the source.
 */
import { emitTapeLines, type Dialect, type TapeNames } from './dialect';
import { formulaFunction, spell } from '../../../shared/formula/functions';
import type { Tape, TapeOp } from './tape';

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

/** How the JavaScript kernel names the slots a tape reads. */
export type JsNames = TapeNames;

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
    case 'unary':
      return spell(formulaFunction(op.fn).js, [n.value(op.a)]);
    case 'binary':
      return spell(formulaFunction(op.fn).js, [n.value(op.a), n.value(op.b)]);
  }
}

/** JavaScript's spelling of the shared printers (dialect.ts): float64 numbers, `const`/`let`, Math. */
export const JS_DIALECT: Dialect = {
  number: jsNumber,
  constant: 'const',
  variable: 'let',
  builtin: (name) => formulaFunction(name).js,
  expr,
};

/** Statements computing the tape entries that `outs` need, as `const` locals (see dialect.ts). */
export function emitTape(tape: Tape, outs: number[], names: JsNames): { lines: string[]; outs: string[] } {
  return emitTapeLines(JS_DIALECT, tape, outs, names);
}
