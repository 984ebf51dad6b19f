/**
 * The JavaScript target of the kernel generator: tape entries and the optimizer table's update
 * statements printed as float64 JavaScript. Only numbers (re-printed from parsed values), fixed
 * identifiers chosen here and the function table's JavaScript spellings ever reach the source.
 */
import { emitTapeLines, type Dialect, type TapeNames } from './dialect';
import type { Tape } from '../../../shared/kernel/tape';

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

/** JavaScript's spelling of the shared printers (dialect.ts): float64 numbers, `const`/`let`, Math. */
export const JS_DIALECT: Dialect = {
  number: jsNumber,
  constant: 'const',
  variable: 'let',
  spelling: 'js',
  power: 'Math.pow',
  one: '1',
};

/** Statements computing the tape entries that `outs` need, as `const` locals (see dialect.ts). */
export function emitTape(tape: Tape, outs: number[], names: JsNames): { lines: string[]; outs: string[] } {
  return emitTapeLines(JS_DIALECT, tape, outs, names);
}
