/**
 * Reverse-mode differentiation on the tape: the adjoints of one entry with respect to each parameter,
 * appended to the same tape as ordinary entries (so targets print them like the value). Each
 * operation's partial derivatives come from the formula function table (`shared/formula/functions.ts`,
 * written once for this and for the symbolic differentiator); only the chain rule is applied here.
 */
import { formulaFunction } from '../formula/functions';
import { dependsOnParams, type Tape } from './tape';

/**
 * Reverse mode: appends to the tape the adjoints of `out` with respect to each of `D` parameters and
 * returns their entries (a constant 0 for a parameter the value does not depend on).
 */
export function gradient(tape: Tape, out: number, D: number): number[] {
  const dep = dependsOnParams(tape);
  const adj = new Map<number, number>();
  const accumulate = (i: number, term: number) => {
    if (!dep[i]) return;
    const prev = adj.get(i);
    adj.set(i, prev === undefined ? term : tape.add(prev, term));
  };
  if (dep[out]) adj.set(out, tape.num(1));
  for (let i = out; i >= 0; i--) {
    const bar = adj.get(i);
    if (bar === undefined) continue;
    const op = tape.ops[i]!;
    if (op.op === 'const' || op.op === 'param' || op.op === 'data') continue;
    // a^k for an integer k is the table's a^b at b = k.
    const [fn, a, b] = op.op === 'powi' ? ['^', op.a, tape.num(op.k)] : [op.fn, op.a, op.op === 'binary' ? op.b : -1];
    const f = formulaFunction(fn);
    if (dep[a]) accumulate(a, tape.mul(bar, f.partial(tape, 0, a, b, i)));
    if (op.op === 'binary' && dep[b]) accumulate(b, tape.mul(bar, f.partial(tape, 1, a, b, i)));
  }
  const grads: number[] = [];
  for (let d = 0; d < D; d++) {
    const p = tape.ops.findIndex((op) => op.op === 'param' && op.index === d);
    grads.push(p >= 0 ? (adj.get(p) ?? tape.num(0)) : tape.num(0));
  }
  return grads;
}
