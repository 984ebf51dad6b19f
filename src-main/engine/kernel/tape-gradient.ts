/**
 * Reverse-mode differentiation on the tape: the adjoints of one entry with respect to each parameter,
 * appended to the same tape as ordinary entries (so targets print them like the value).
 */
import { dependsOnParams, type Tape, type UnaryOp } from './tape';

/**
 * Reverse mode: appends to the tape the adjoints of `out` with respect to each of `D` parameters and
 * returns their entries (a constant 0 for a parameter the value does not depend on). The rules follow
 * TensorFlow.js's gradients where a choice exists (min/max pass to the first argument on ties, the
 * exponent's gradient uses log only for a positive base).
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
    switch (op.op) {
      case 'const':
      case 'param':
      case 'data':
        break;
      case 'powi': {
        // d a^k = k a^(k−1)
        const dk = tape.mul(tape.num(op.k), tape.powi(op.a, op.k - 1));
        accumulate(op.a, tape.mul(bar, dk));
        break;
      }
      case 'unary':
        accumulate(op.a, tape.mul(bar, unaryDerivative(tape, op.fn, op.a, i)));
        break;
      case 'binary': {
        const { a, b } = op;
        switch (op.fn) {
          case 'add':
            accumulate(a, bar);
            accumulate(b, bar);
            break;
          case 'sub':
            accumulate(a, bar);
            accumulate(b, tape.unary('neg', bar));
            break;
          case 'mul':
            accumulate(a, tape.mul(bar, b));
            accumulate(b, tape.mul(bar, a));
            break;
          case 'div': // v = a/b: ∂a = 1/b, ∂b = −v/b
            accumulate(a, tape.div(bar, b));
            accumulate(b, tape.unary('neg', tape.div(tape.mul(bar, i), b)));
            break;
          case 'pow': // v = a^b: ∂a = b a^(b−1), ∂b = v log a (a > 0, else 0)
            if (dep[a]) accumulate(a, tape.mul(bar, tape.mul(b, tape.binary('pow', a, tape.sub(b, tape.num(1))))));
            if (dep[b]) accumulate(b, tape.mul(bar, tape.mul(i, tape.unary('logpos', a))));
            break;
          case 'min':
            accumulate(a, tape.mul(bar, tape.binary('le', a, b)));
            accumulate(b, tape.mul(bar, tape.sub(tape.num(1), tape.binary('le', a, b))));
            break;
          case 'max':
            accumulate(a, tape.mul(bar, tape.binary('ge', a, b)));
            accumulate(b, tape.mul(bar, tape.sub(tape.num(1), tape.binary('ge', a, b))));
            break;
          case 'le':
          case 'ge':
            break; // piecewise constant
        }
        break;
      }
    }
  }
  const out_: number[] = [];
  for (let d = 0; d < D; d++) {
    const p = tape.ops.findIndex((op) => op.op === 'param' && op.index === d);
    out_.push(p >= 0 ? (adj.get(p) ?? tape.num(0)) : tape.num(0));
  }
  return out_;
}

/** d f(a)/da for the unary entry `v` = f(a). */
function unaryDerivative(tape: Tape, fn: UnaryOp, a: number, v: number): number {
  const one = tape.num(1);
  switch (fn) {
    case 'neg':
      return tape.num(-1);
    case 'sin':
      return tape.unary('cos', a);
    case 'cos':
      return tape.unary('neg', tape.unary('sin', a));
    case 'tan': // 1 / cos²
      return tape.unary('recip', tape.powi(tape.unary('cos', a), 2));
    case 'exp':
      return v;
    case 'log':
    case 'logpos':
      return tape.unary('recip', a);
    case 'sqrt':
      return tape.div(tape.num(0.5), v);
    case 'abs':
      return tape.unary('sign', a);
    case 'tanh':
      return tape.sub(one, tape.mul(v, v));
    case 'sinh':
      return tape.unary('cosh', a);
    case 'cosh':
      return tape.unary('sinh', a);
    case 'atan':
      return tape.unary('recip', tape.add(one, tape.mul(a, a)));
    case 'recip': // −1/a²
      return tape.unary('neg', tape.unary('recip', tape.mul(a, a)));
    case 'sign':
      return tape.num(0);
  }
}
