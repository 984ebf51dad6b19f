/**
 * Symbolic differentiation on a hash-consed DAG (`dag.ts`): ∂node/∂x is built once per node and
 * variable (memoized), in id order without recursion, so the derivative of a formula of n nodes
 * has O(n) new nodes and a Hessian O(n) more per pair, however deeply the formula nests.
 *
 * Non-smooth functions follow the usual automatic-differentiation conventions: abs′(u) = sign(u)
 * with sign(0) = 0, and min/max pass the derivative of the chosen argument (half of each on a tie).
 * Constants are folded and 0, 1 and −1 simplified as the nodes are built.
 */
import { Dag, type Op } from './dag';

/** Builders that simplify (used for derivatives only: a user's `x * 0` is evaluated as written). */
class Algebra {
  readonly zero: number;
  readonly one: number;
  constructor(readonly g: Dag) {
    this.zero = g.num(0);
    this.one = g.num(1);
  }

  add(a: number, b: number): number {
    const g = this.g;
    if (g.isNum(a, 0)) return b;
    if (g.isNum(b, 0)) return a;
    if (g.op[b] === 'neg') return this.sub(a, g.a[b]!);
    return g.raw('+', a, b);
  }
  sub(a: number, b: number): number {
    const g = this.g;
    if (g.isNum(b, 0)) return a;
    if (g.isNum(a, 0) && !g.isNum(b)) return this.neg(b);
    return g.raw('-', a, b);
  }
  neg(a: number): number {
    return this.g.op[a] === 'neg' ? this.g.a[a]! : this.g.raw('neg', a);
  }
  mul(a: number, b: number): number {
    const g = this.g;
    if (g.isNum(a) && g.isNum(b)) return g.raw('*', a, b);
    if (g.isNum(a, 0) || g.isNum(b, 0)) return this.zero;
    if (g.isNum(a, 1)) return b;
    if (g.isNum(b, 1)) return a;
    if (g.isNum(a, -1)) return this.neg(b);
    if (g.isNum(b, -1)) return this.neg(a);
    return g.raw('*', a, b);
  }
  div(a: number, b: number): number {
    const g = this.g;
    if (g.isNum(a, 0)) return this.zero;
    if (g.isNum(b, 1)) return a;
    return g.raw('/', a, b);
  }
  pow(a: number, b: number): number {
    const g = this.g;
    if (g.isNum(b, 1)) return a;
    if (g.isNum(b, 0)) return this.one;
    return g.raw('^', a, b);
  }
  call(op: Op, a: number): number {
    return this.g.raw(op, a);
  }
}

/** Derivatives of the nodes of one DAG, memoized per variable. */
export class Deriver {
  private readonly alg: Algebra;
  private readonly memo = new Map<string, Map<number, number>>();
  /** Per variable: whether each node (by id, up to the DAG's size when last asked) depends on it. */
  private readonly usesMemo = new Map<string, number[]>();

  constructor(readonly dag: Dag) {
    this.alg = new Algebra(dag);
  }

  /** Whether node `id` depends on the variable `name`. */
  uses(id: number, name: string): boolean {
    const g = this.dag;
    let known = this.usesMemo.get(name);
    if (!known) this.usesMemo.set(name, (known = []));
    for (let k = known.length; k < g.size; k++) {
      const op = g.op[k];
      const a = g.a[k]!;
      const b = g.b[k]!;
      known.push(
        op === 'name'
          ? +(g.names[g.value[k]!] === name)
          : op === 'num'
            ? 0
            : (known[a] ?? 0) | (b >= 0 ? known[b]! : 0),
      );
    }
    return known[id] === 1;
  }

  /** ∂(node id)/∂name, as a node of the same DAG. */
  derive(root: number, name: string): number {
    let memo = this.memo.get(name);
    if (!memo) this.memo.set(name, (memo = new Map()));
    for (const id of this.dag.reachable([root]))
      if (!memo.has(id)) memo.set(id, this.uses(id, name) ? this.step(id, name, memo) : this.alg.zero);
    return memo.get(root)!;
  }

  /** The derivative of one node whose children's derivatives are known. */
  private step(id: number, name: string, memo: Map<number, number>): number {
    const { dag: g, alg } = this;
    const op = g.op[id]!;
    const a = g.a[id]!;
    const b = g.b[id]!;
    const da = a >= 0 ? memo.get(a)! : alg.zero;
    const db = b >= 0 ? memo.get(b)! : alg.zero;
    const two = g.num(2);
    switch (op) {
      case 'num':
        return alg.zero;
      case 'name':
        return g.names[g.value[id]!] === name ? alg.one : alg.zero;
      case 'neg':
        return alg.neg(da);
      case '+':
        return alg.add(da, db);
      case '-':
        return alg.sub(da, db);
      case '*':
        return alg.add(alg.mul(da, b), alg.mul(a, db));
      case '/':
        return alg.sub(alg.div(da, b), alg.div(alg.mul(a, db), alg.pow(b, two)));
      case '^':
        if (!this.uses(b, name)) {
          // a^c: c·a^(c−1)·a′ (exact for negative a too, where log a would fail).
          const c = g.isNum(b) ? g.num(g.value[b]! - 1) : alg.sub(b, alg.one);
          return alg.mul(alg.mul(b, alg.pow(a, c)), da);
        }
        // a^b = exp(b log a): a^b·(b′ log a + b a′/a).
        return alg.mul(id, alg.add(alg.mul(db, alg.call('log', a)), alg.div(alg.mul(b, da), a)));
      case 'min':
      case 'max': {
        // d max(p, q) = p′·step(p − q) + q′·step(q − p), step(u) = (1 + sign u)/2; min with the signs swapped.
        const s = alg.call('sign', op === 'max' ? alg.sub(a, b) : alg.sub(b, a));
        return alg.div(alg.add(alg.mul(alg.add(alg.one, s), da), alg.mul(alg.sub(alg.one, s), db)), two);
      }
      case 'sign':
        return alg.zero;
      case 'sin':
        return alg.mul(alg.call('cos', a), da);
      case 'cos':
        return alg.neg(alg.mul(alg.call('sin', a), da));
      case 'tan':
        return alg.div(da, alg.pow(alg.call('cos', a), two));
      case 'exp':
        return alg.mul(id, da);
      case 'log':
        return alg.div(da, a);
      case 'sqrt':
        return alg.div(da, alg.mul(two, id));
      case 'abs':
        return alg.mul(alg.call('sign', a), da);
      case 'tanh':
        return alg.mul(alg.sub(alg.one, alg.pow(id, two)), da);
      case 'sinh':
        return alg.mul(alg.call('cosh', a), da);
      case 'cosh':
        return alg.mul(alg.call('sinh', a), da);
      case 'atan':
        return alg.div(da, alg.add(alg.one, alg.pow(a, two)));
    }
  }
}
