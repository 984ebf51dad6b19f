/**
 * A formula as a hash-consed DAG: every distinct subexpression is one node, stored once, with an id
 * larger than its children's, so a walk in id order visits children before parents and a shared
 * subexpression is evaluated once per point. Derivatives (`dag-derive.ts`) and the evaluators
 * (`program.ts`) work on it without recursion, so their stack use does not grow with the nesting.
 *
 * The number of nodes is bounded (`maxNodes`): past it a `FormulaSizeError` says so in words.
 */
import type { FormulaNode } from './ast';
import { formulaFunction } from './functions';

/** A node's operation: a number, a name, or an operation of the function table (`functions.ts`). */
export type Op = string;

/** Most nodes a formula with its derivatives may have (each costs about 100 bytes). */
export const MAX_DAG_NODES = 200_000;

/** Thrown when a formula's DAG (with its derivatives) would pass its bound. */
export class FormulaSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaSizeError';
  }
}

/** The float64 value of an operation on numbers: the table's, the one definition every evaluator follows. */
export function apply(op: Op, x: number, y: number): number {
  return formulaFunction(op).value(x, y);
}

/** A growing store of unique nodes. */
export class Dag {
  readonly op: Op[] = [];
  /** First and second child (−1: none); for `num` the value, for `name` the name's index. */
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly value: number[] = [];
  readonly names: string[] = [];
  private readonly table = new Map<string, number>();
  private readonly nameIds = new Map<string, number>();

  constructor(readonly maxNodes = MAX_DAG_NODES) {}

  get size(): number {
    return this.op.length;
  }

  private intern(key: string, op: Op, a: number, b: number, value: number): number {
    const found = this.table.get(key);
    if (found !== undefined) return found;
    if (this.op.length >= this.maxNodes)
      throw new FormulaSizeError(
        `the formula with its derivatives needs more than ${this.maxNodes} distinct terms: too large to evaluate`,
      );
    const id = this.op.length;
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    this.value.push(value);
    this.table.set(key, id);
    return id;
  }

  num(v: number): number {
    const key = Object.is(v, -0) ? 'n-0' : `n${v}`;
    return this.intern(key, 'num', -1, -1, v);
  }

  name(name: string): number {
    let k = this.nameIds.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, k);
    }
    return this.intern(`v${k}`, 'name', -1, -1, k);
  }

  isNum(id: number, v?: number): boolean {
    return this.op[id] === 'num' && (v === undefined || this.value[id] === v);
  }

  /** A node `op(a, b)` as written (`b` −1 for one argument); numbers only are folded to a number. */
  raw(op: Op, a: number, b = -1): number {
    const constant = this.isNum(a) && (b < 0 || this.isNum(b));
    if (constant) return this.num(apply(op, this.value[a]!, b < 0 ? 0 : this.value[b]!));
    return this.intern(`${op},${a},${b}`, op, a, b, 0);
  }

  /** Adds a checked formula tree, without recursion; shared objects become one node. */
  fromTree(root: FormulaNode): number {
    const done = new Map<FormulaNode, number>();
    const stack: FormulaNode[] = [root];
    while (stack.length > 0) {
      const node = stack[stack.length - 1]!;
      if (done.has(node)) {
        stack.pop();
        continue;
      }
      const kids = children(node);
      const pending = kids.filter((k) => !done.has(k));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      done.set(
        node,
        this.build(
          node,
          kids.map((k) => done.get(k)!),
        ),
      );
    }
    return done.get(root)!;
  }

  private build(node: FormulaNode, ids: number[]): number {
    switch (node.kind) {
      case 'number':
        return this.num(node.value);
      case 'name':
        return this.name(node.name);
      case 'neg':
        return this.raw('neg', ids[0]!);
      case 'binary':
        return this.raw(node.op, ids[0]!, ids[1]!);
      case 'call':
        if (formulaFunction(node.fn).arity === 1) return this.raw(node.fn, ids[0]!);
        // min/max of many arguments as a left-to-right chain of two (the same float64 result).
        return ids.slice(1).reduce((acc, id) => this.raw(node.fn, acc, id), ids[0]!);
    }
  }

  /** The node as a formula tree whose shared subtrees are shared objects (size of the DAG, not of the tree). */
  toTree(root: number): FormulaNode {
    const out = new Map<number, FormulaNode>();
    for (const id of this.reachable([root])) out.set(id, this.treeNode(id, out));
    return out.get(root)!;
  }

  private treeNode(id: number, out: Map<number, FormulaNode>): FormulaNode {
    const op = this.op[id]!;
    const a = out.get(this.a[id]!)!;
    const b = out.get(this.b[id]!)!;
    switch (op) {
      case 'num':
        return { kind: 'number', value: this.value[id]! };
      case 'name':
        return { kind: 'name', name: this.names[this.value[id]!]! };
      case 'neg':
        return { kind: 'neg', arg: a };
      case '+':
      case '-':
      case '*':
      case '/':
      case '^':
        return { kind: 'binary', op, left: a, right: b };
      default:
        return { kind: 'call', fn: op, args: this.b[id]! >= 0 ? [a, b] : [a] };
    }
  }

  /** The ids reachable from `roots`, ascending (children before parents), found without recursion. */
  reachable(roots: readonly number[]): number[] {
    const seen = new Uint8Array(this.size);
    const stack = [...roots];
    const out: number[] = [];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id < 0 || seen[id]) continue;
      seen[id] = 1;
      out.push(id);
      stack.push(this.a[id]!, this.b[id]!);
    }
    return out.sort((x, y) => x - y);
  }
}

function children(node: FormulaNode): FormulaNode[] {
  switch (node.kind) {
    case 'number':
    case 'name':
      return [];
    case 'neg':
      return [node.arg];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
  }
}
