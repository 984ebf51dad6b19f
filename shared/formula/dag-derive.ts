/**
 * Symbolic differentiation on a hash-consed DAG (`dag.ts`): ∂node/∂x is built once per node and
 * variable (memoized), in id order without recursion, so the derivative of a formula of n nodes
 * has O(n) new nodes and a Hessian O(n) more per pair, however deeply the formula nests.
 *
 * Each operation's partial derivatives come from the function table (`functions.ts`, where the
 * conventions of non-smooth functions are stated); the chain rule is applied here. Constants are
 * folded and 0, 1 and −1 simplified as the nodes are built.
 */
import type { Dag } from './dag';
import { formulaFunction, type Algebra } from './functions';

/** Builders that simplify (used for derivatives only: a user's `x * 0` is evaluated as written). */
class Simplifier implements Algebra<number> {
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
  num(v: number): number {
    return this.g.num(v);
  }
  mul(a: number, b: number): number {
    const g = this.g;
    if (g.isNum(a) && g.isNum(b)) return g.raw('*', a, b);
    if (this.isRecip(a)) return this.div(b, g.b[a]!);
    if (this.isRecip(b)) return this.div(a, g.b[b]!);
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
  call(fn: string, a: number, b?: number): number {
    return this.g.raw(fn, a, b ?? -1);
  }
  /** Whether node `id` is 1 / u (so that (1 / u)·v is written v / u). */
  private isRecip(id: number): boolean {
    return this.g.op[id] === '/' && this.g.isNum(this.g.a[id]!, 1);
  }
}

/** Derivatives of the nodes of one DAG, memoized per variable. */
export class Deriver {
  private readonly alg: Simplifier;
  private readonly memo = new Map<string, Map<number, number>>();
  /** Per variable: whether each node (by id, up to the DAG's size when last asked) depends on it. */
  private readonly usesMemo = new Map<string, number[]>();

  constructor(readonly dag: Dag) {
    this.alg = new Simplifier(dag);
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

  /** The derivative of one node whose children's derivatives are known: Σ_k ∂f/∂arg_k · arg_k′. */
  private step(id: number, name: string, memo: Map<number, number>): number {
    const { dag: g, alg } = this;
    const op = g.op[id]!;
    if (op === 'num') return alg.zero;
    if (op === 'name') return g.names[g.value[id]!] === name ? alg.one : alg.zero;
    const f = formulaFunction(op);
    const args = [g.a[id]!, g.b[id]!];
    let sum = alg.zero;
    for (const k of [0, 1] as const) {
      const arg = args[k]!;
      if (arg < 0 || !this.uses(arg, name)) continue;
      sum = alg.add(sum, alg.mul(f.partial(alg, k, args[0]!, args[1]!, id), memo.get(arg)!));
    }
    return sum;
  }
}
