/**
 * A plain-JS vectorized evaluator of a checked formula: every name is a number or a column (typed
 * array) of one common length, evaluated in float64 loops with no broadcasting machinery. The
 * engine uses it for loss surfaces on the CPU, where it is many times faster than TensorFlow.js's
 * CPU kernels; it also serves previews in the renderer.
 */
import type { FormulaAst, FormulaNode } from './ast';
import { UNARY_FLOAT64 } from './float64';

export type ColumnValue = number | Float32Array | Float64Array;
/**
 * Evaluates over `length` rows; names map to numbers (same in every row) or columns of at least
 * `length`. The result is written to `out` when given, else to a new array. Temporaries come from a
 * pool kept between calls, so repeated calls allocate nothing (Float64Array columns run fastest).
 */
export type ColumnFunction = (
  scope: Readonly<Record<string, ColumnValue>>,
  length: number,
  out?: Float64Array,
) => Float64Array;

/** A value during evaluation: `owned` arrays are temporaries that may be overwritten in place. */
interface Val {
  v: number | Float32Array | Float64Array;
  owned: boolean;
}

/** Scratch arrays of one length, handed out in turn during one evaluation. */
class Pool {
  private arrays: Float64Array[] = [];
  private next = 0;
  private length = -1;
  reset(length: number): void {
    if (length !== this.length) {
      this.arrays = [];
      this.length = length;
    }
    this.next = 0;
  }
  take(): Float64Array {
    let a = this.arrays[this.next];
    if (!a) {
      a = new Float64Array(this.length);
      this.arrays.push(a);
    }
    this.next++;
    return a;
  }
}

type Node = (scope: Readonly<Record<string, ColumnValue>>, length: number) => Val;

let pool = new Pool();

const UNARY = UNARY_FLOAT64;

function target(a: Val, b: Val | undefined, length: number): Float64Array {
  if (a.owned && a.v instanceof Float64Array) return a.v;
  if (b && b.owned && b.v instanceof Float64Array) return b.v;
  return length === 0 ? new Float64Array(0) : pool.take();
}

function map1(a: Val, length: number, f: (x: number) => number): Val {
  if (typeof a.v === 'number') return { v: f(a.v), owned: false };
  const src = a.v;
  const out = target(a, undefined, length);
  for (let i = 0; i < length; i++) out[i] = f(src[i]!);
  return { v: out, owned: true };
}

type Op2 = '+' | '-' | '*' | '/' | '^' | 'min' | 'max';

function scalar2(op: Op2, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '^':
      return y === 2 ? x * x : Math.pow(x, y);
    case 'min':
      return Math.min(x, y);
    case 'max':
      return Math.max(x, y);
  }
}

type Arr = Float32Array | Float64Array;
/** Loops of one operator: array∘array, array∘number, number∘array. Small and monomorphic each. */
interface Kernel {
  aa(out: Float64Array, x: Arr, y: Arr, n: number): void;
  as(out: Float64Array, x: Arr, y: number, n: number): void;
  sa(out: Float64Array, x: number, y: Arr, n: number): void;
}

function kernelOf(f: (x: number, y: number) => number): Kernel {
  return {
    aa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = f(x[i]!, y[i]!);
    },
    as: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = f(x[i]!, y);
    },
    sa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = f(x, y[i]!);
    },
  };
}

const KERNELS: Readonly<Record<Op2, Kernel>> = {
  '+': {
    aa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
    },
    as: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! + y;
    },
    sa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x + y[i]!;
    },
  },
  '-': {
    aa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
    },
    as: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! - y;
    },
    sa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x - y[i]!;
    },
  },
  '*': {
    aa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
    },
    as: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! * y;
    },
    sa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x * y[i]!;
    },
  },
  '/': {
    aa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! / y[i]!;
    },
    as: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x[i]! / y;
    },
    sa: (out, x, y, n) => {
      for (let i = 0; i < n; i++) out[i] = x / y[i]!;
    },
  },
  '^': {
    ...kernelOf(Math.pow),
    as: (out, x, y, n) => {
      if (y === 2)
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          out[i] = v * v;
        }
      else for (let i = 0; i < n; i++) out[i] = Math.pow(x[i]!, y);
    },
  },
  min: kernelOf(Math.min),
  max: kernelOf(Math.max),
};

/** A binary op on numbers or columns; the result reuses an owned temporary where it can. */
function map2(op: Op2, a: Val, b: Val, length: number): Val {
  const x = a.v;
  const y = b.v;
  if (typeof x === 'number' && typeof y === 'number') return { v: scalar2(op, x, y), owned: false };
  const out = target(a, b, length);
  const k = KERNELS[op];
  if (typeof x === 'number') k.sa(out, x, y as Arr, length);
  else if (typeof y === 'number') k.as(out, x, y, length);
  else k.aa(out, x, y, length);
  return { v: out, owned: true };
}

function compileNode(node: FormulaNode): Node {
  switch (node.kind) {
    case 'number': {
      const v: Val = { v: node.value, owned: false };
      return () => v;
    }
    case 'name': {
      const name = node.name;
      return (scope, length) => {
        const v = Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined;
        if (v === undefined) throw new Error(`no value for ${name}`);
        if (typeof v !== 'number' && v.length < length) throw new Error(`column ${name} is shorter than ${length}`);
        return { v, owned: false };
      };
    }
    case 'neg': {
      const a = compileNode(node.arg);
      return (s, n) => map1(a(s, n), n, (x) => -x);
    }
    case 'binary': {
      const l = compileNode(node.left);
      const r = compileNode(node.right);
      const op = node.op;
      return (s, n) => map2(op, l(s, n), r(s, n), n);
    }
    case 'call': {
      const args = node.args.map(compileNode);
      if (node.fn === 'min' || node.fn === 'max') {
        const op = node.fn;
        return (s, n) => args.map((a) => a(s, n)).reduce((acc, v) => map2(op, acc, v, n));
      }
      const f = UNARY[node.fn]!;
      const a = args[0]!;
      return (s, n) => map1(a(s, n), n, f);
    }
  }
}

/** Compiles a checked formula to a float64 column evaluator. */
export function evaluateColumns(ast: FormulaAst): ColumnFunction {
  const root = compileNode(ast.root);
  const own = new Pool();
  return (scope, length, out) => {
    const saved = pool;
    pool = own;
    own.reset(length);
    try {
      const { v } = root(scope, length);
      const result = out ?? new Float64Array(length);
      if (typeof v === 'number') result.fill(v, 0, length);
      else if (v.length === length) result.set(v);
      else result.set(v.subarray(0, length));
      return result;
    } finally {
      pool = saved;
    }
  };
}
