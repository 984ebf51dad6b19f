/**
 * Symbolic differentiation of a checked formula tree: `derive(node, x)` is a new tree for ∂node/∂x,
 * built only from the formula language's own nodes, so the float64 evaluators (`scalar.ts`,
 * `vector.ts`) evaluate it as they would a user's formula. Applied twice it gives a Hessian.
 *
 * Non-smooth functions follow the usual automatic-differentiation conventions: abs′(u) = sign(u)
 * with sign(0) = 0, and min/max pass the derivative of the chosen argument (half of each on a tie).
 * Small constant subtrees are folded as the tree is built, so repeated derivatives stay compact.
 */
import type { FormulaAst, FormulaNode } from './ast';

/** The floor in sign(u) = u / max(|u|, SIGN_FLOOR): exactly ±1 for any normal u, 0 at u = 0. */
export const SIGN_FLOOR = 1e-300;

const ZERO: FormulaNode = { kind: 'number', value: 0 };
const ONE: FormulaNode = { kind: 'number', value: 1 };

const num = (value: number): FormulaNode => ({ kind: 'number', value });
/** Whether a node is a number (equal to `v` when given). */
const isNum = (n: FormulaNode, v?: number): boolean => n.kind === 'number' && (v === undefined || n.value === v);
/** The value of a number node (only called after `isNum`). */
const val = (n: FormulaNode): number => (n.kind === 'number' ? n.value : NaN);

function add(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNum(a) && isNum(b)) return num(val(a) + val(b));
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (b.kind === 'neg') return sub(a, b.arg);
  return { kind: 'binary', op: '+', left: a, right: b };
}

function sub(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNum(a) && isNum(b)) return num(val(a) - val(b));
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  return { kind: 'binary', op: '-', left: a, right: b };
}

function neg(a: FormulaNode): FormulaNode {
  if (isNum(a)) return num(-val(a));
  if (a.kind === 'neg') return a.arg;
  return { kind: 'neg', arg: a };
}

function mul(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNum(a) && isNum(b)) return num(val(a) * val(b));
  if (isNum(a, 0) || isNum(b, 0)) return ZERO;
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  return { kind: 'binary', op: '*', left: a, right: b };
}

function div(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNum(a, 0)) return ZERO;
  if (isNum(b, 1)) return a;
  if (isNum(a) && isNum(b)) return num(val(a) / val(b));
  return { kind: 'binary', op: '/', left: a, right: b };
}

function pow(a: FormulaNode, b: FormulaNode): FormulaNode {
  if (isNum(b, 1)) return a;
  if (isNum(b, 0)) return ONE;
  if (isNum(a) && isNum(b)) return num(Math.pow(val(a), val(b)));
  return { kind: 'binary', op: '^', left: a, right: b };
}

type CallFn = Extract<FormulaNode, { kind: 'call' }>['fn'];
const call = (fn: CallFn, ...args: FormulaNode[]): FormulaNode => ({ kind: 'call', fn, args });

/** sign(u) = u / max(|u|, SIGN_FLOOR), recognized again by `isSign` (its derivative is 0). */
function sign(u: FormulaNode): FormulaNode {
  return { kind: 'binary', op: '/', left: u, right: call('max', call('abs', u), num(SIGN_FLOOR)) };
}

function isSign(node: FormulaNode): boolean {
  if (node.kind !== 'binary' || node.op !== '/') return false;
  const r = node.right;
  return (
    r.kind === 'call' &&
    r.fn === 'max' &&
    r.args.length === 2 &&
    r.args[0]!.kind === 'call' &&
    r.args[0]!.fn === 'abs' &&
    isNum(r.args[1]!, SIGN_FLOOR)
  );
}

/** Whether a subtree depends on `name` at all (its derivative is then 0). */
function uses(node: FormulaNode, name: string): boolean {
  switch (node.kind) {
    case 'number':
      return false;
    case 'name':
      return node.name === name;
    case 'neg':
      return uses(node.arg, name);
    case 'binary':
      return uses(node.left, name) || uses(node.right, name);
    case 'call':
      return node.args.some((a) => uses(a, name));
  }
}

/** d max(p, q) = p′·step(p − q) + q′·step(q − p), step(u) = (1 + sign u)/2; min likewise with the signs swapped. */
function deriveMinMax(fn: 'min' | 'max', args: FormulaNode[], name: string): FormulaNode {
  const [first, ...rest] = args;
  let value = first!;
  let d = derive(first!, name);
  for (const next of rest) {
    const dn = derive(next, name);
    const s = sign(fn === 'max' ? sub(value, next) : sub(next, value));
    // step toward `value` is (1 + s)/2, toward `next` (1 − s)/2.
    d = div(add(mul(add(ONE, s), d), mul(sub(ONE, s), dn)), num(2));
    value = call(fn, value, next);
  }
  return d;
}

/** ∂node/∂name as a new formula tree (the input is not modified). */
export function derive(node: FormulaNode, name: string): FormulaNode {
  if (!uses(node, name)) return ZERO;
  switch (node.kind) {
    case 'number':
      return ZERO;
    case 'name':
      return node.name === name ? ONE : ZERO;
    case 'neg':
      return neg(derive(node.arg, name));
    case 'binary': {
      const { left: a, right: b } = node;
      const da = derive(a, name);
      const db = derive(b, name);
      switch (node.op) {
        case '+':
          return add(da, db);
        case '-':
          return sub(da, db);
        case '*':
          return add(mul(da, b), mul(a, db));
        case '/':
          if (isSign(node)) return ZERO;
          return sub(div(da, b), div(mul(a, db), pow(b, num(2))));
        case '^':
          if (!uses(b, name)) {
            // a^c: c·a^(c−1)·a′ (exact for negative a too, where log a would fail).
            const c = isNum(b) ? num(val(b) - 1) : sub(b, ONE);
            return mul(mul(b, pow(a, c)), da);
          }
          // a^b = exp(b log a): a^b·(b′ log a + b a′/a).
          return mul(node, add(mul(db, call('log', a)), div(mul(b, da), a)));
      }
      break;
    }
    case 'call': {
      if (node.fn === 'min' || node.fn === 'max') return deriveMinMax(node.fn, node.args, name);
      const u = node.args[0]!;
      const du = derive(u, name);
      switch (node.fn) {
        case 'sin':
          return mul(call('cos', u), du);
        case 'cos':
          return neg(mul(call('sin', u), du));
        case 'tan':
          return div(du, pow(call('cos', u), num(2)));
        case 'exp':
          return mul(node, du);
        case 'log':
          return div(du, u);
        case 'sqrt':
          return div(du, mul(num(2), node));
        case 'abs':
          return mul(sign(u), du);
        case 'tanh':
          return mul(sub(ONE, pow(node, num(2))), du);
        case 'sinh':
          return mul(call('cosh', u), du);
        case 'cosh':
          return mul(call('sinh', u), du);
        case 'atan':
          return div(du, add(ONE, pow(u, num(2))));
      }
    }
  }
  throw new Error('unknown formula node');
}

/** The same formula with `root` replaced: to evaluate a derivative with the formula evaluators. */
export function withRoot(ast: FormulaAst, root: FormulaNode): FormulaAst {
  return { ...ast, root };
}
