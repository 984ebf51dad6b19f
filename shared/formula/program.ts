/**
 * Evaluates nodes of a formula DAG (`dag.ts`) in float64, each distinct node once per point, in id
 * order (children first) with no recursion. Names are numbers or columns (typed arrays); a node
 * that depends on no column is computed once as a number, the others over rows in chunks whose
 * scratch memory stays under a fixed size however many nodes or rows there are.
 */
import { apply, type Dag, type Op } from './dag';
import { formulaFunction } from './functions';

export type ColumnValue = number | Float32Array | Float64Array;

/** Scratch floats per chunk of rows (8 MB); a chunk has at least `MIN_CHUNK` rows. */
const CHUNK_FLOATS = 1 << 20;
const MIN_CHUNK = 16;

function lookup<T>(scope: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined;
}

/** A float64 function of the names for each of `roots`; a missing name throws `no value for …`. */
export function scalarProgram(
  dag: Dag,
  roots: readonly number[],
): (scope: Readonly<Record<string, number>>) => number[] {
  const order = dag.reachable(roots);
  const vals = new Float64Array(dag.size);
  return (scope) => {
    for (const id of order) {
      const op = dag.op[id]!;
      if (op === 'num') vals[id] = dag.value[id]!;
      else if (op === 'name') {
        const name = dag.names[dag.value[id]!]!;
        const v = lookup(scope, name);
        if (typeof v !== 'number') throw new Error(`no value for ${name}`);
        vals[id] = v;
      } else vals[id] = apply(op, vals[dag.a[id]!]!, dag.b[id]! >= 0 ? vals[dag.b[id]!]! : 0);
    }
    return roots.map((r) => vals[r]!);
  };
}

/**
 * A function that evaluates `roots` over `length` rows: one column each (a new array, or `out[k]`
 * when given). Names map to numbers (the same in every row) or columns of at least `length`.
 */
export type ColumnsProgram = (
  scope: Readonly<Record<string, ColumnValue>>,
  length: number,
  out?: readonly Float64Array[],
) => Float64Array[];

/** Compiles `roots` of a DAG into a chunked column evaluator. */
export function columnsProgram(dag: Dag, roots: readonly number[]): ColumnsProgram {
  const order = dag.reachable(roots);
  const scalar = new Float64Array(dag.size);
  const slot = new Int32Array(dag.size);
  let buf = new Float64Array(0);
  return (scope, length, out) => {
    // Which nodes vary by row, and the numbers of those that do not.
    const varying: number[] = [];
    const columns = new Map<number, Float32Array | Float64Array>();
    for (const id of order) {
      const op = dag.op[id]!;
      const a = dag.a[id]!;
      const b = dag.b[id]!;
      if (op === 'num') {
        slot[id] = -1;
        scalar[id] = dag.value[id]!;
      } else if (op === 'name') {
        const name = dag.names[dag.value[id]!]!;
        const v = lookup(scope, name);
        if (v === undefined) throw new Error(`no value for ${name}`);
        if (typeof v === 'number') {
          slot[id] = -1;
          scalar[id] = v;
        } else {
          if (v.length < length) throw new Error(`column ${name} is shorter than ${length}`);
          columns.set(id, v);
          slot[id] = 0;
          varying.push(id);
        }
      } else if (slot[a]! >= 0 || (b >= 0 && slot[b]! >= 0)) {
        slot[id] = 0;
        varying.push(id);
      } else {
        slot[id] = -1;
        scalar[id] = apply(op, scalar[a]!, b >= 0 ? scalar[b]! : 0);
      }
    }
    const chunk = Math.max(
      1,
      Math.min(length, Math.max(MIN_CHUNK, Math.floor(CHUNK_FLOATS / Math.max(1, varying.length)))),
    );
    varying.forEach((id, k) => (slot[id] = k * chunk));
    if (buf.length < varying.length * chunk) buf = new Float64Array(varying.length * chunk);
    const results = roots.map((_, k) => out?.[k] ?? new Float64Array(length));
    for (let r0 = 0; r0 < length; r0 += chunk) {
      const n = Math.min(chunk, length - r0);
      for (const id of varying) {
        const col = columns.get(id);
        const o = slot[id]!;
        if (col) for (let i = 0; i < n; i++) buf[o + i] = col[r0 + i]!;
        else run(dag.op[id]!, buf, o, dag.a[id]!, dag.b[id]!, slot, scalar, n);
      }
      roots.forEach((id, k) => {
        const dst = results[k]!;
        if (slot[id]! < 0) dst.fill(scalar[id]!, r0, r0 + n);
        else dst.set(buf.subarray(slot[id]!, slot[id]! + n), r0);
      });
    }
    return results;
  };
}

/** One node over a chunk of `n` rows: writes buf[o…o+n) from its operands (slots or numbers). */
function run(
  op: Op,
  buf: Float64Array,
  o: number,
  a: number,
  b: number,
  slot: Int32Array,
  scalar: Float64Array,
  n: number,
): void {
  const oa = slot[a]!;
  const ob = b >= 0 ? slot[b]! : -1;
  const x = scalar[a]!;
  const y = b >= 0 ? scalar[b]! : 0;
  const f = formulaFunction(op).value;
  if (b < 0) {
    if (op === 'neg') for (let i = 0; i < n; i++) buf[o + i] = -buf[oa + i]!;
    else for (let i = 0; i < n; i++) buf[o + i] = f(buf[oa + i]!, 0);
    return;
  }
  if (oa >= 0 && ob >= 0)
    switch (op) {
      case '+':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! + buf[ob + i]!;
        return;
      case '-':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! - buf[ob + i]!;
        return;
      case '*':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! * buf[ob + i]!;
        return;
      case '/':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! / buf[ob + i]!;
        return;
      default:
        for (let i = 0; i < n; i++) buf[o + i] = f(buf[oa + i]!, buf[ob + i]!);
        return;
    }
  if (oa >= 0)
    switch (op) {
      case '+':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! + y;
        return;
      case '-':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! - y;
        return;
      case '*':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! * y;
        return;
      case '/':
        for (let i = 0; i < n; i++) buf[o + i] = buf[oa + i]! / y;
        return;
      case '^':
        if (y === 2)
          for (let i = 0; i < n; i++) {
            const v = buf[oa + i]!;
            buf[o + i] = v * v;
          }
        else for (let i = 0; i < n; i++) buf[o + i] = Math.pow(buf[oa + i]!, y);
        return;
      default:
        for (let i = 0; i < n; i++) buf[o + i] = f(buf[oa + i]!, y);
        return;
    }
  switch (op) {
    case '+':
      for (let i = 0; i < n; i++) buf[o + i] = x + buf[ob + i]!;
      return;
    case '-':
      for (let i = 0; i < n; i++) buf[o + i] = x - buf[ob + i]!;
      return;
    case '*':
      for (let i = 0; i < n; i++) buf[o + i] = x * buf[ob + i]!;
      return;
    case '/':
      for (let i = 0; i < n; i++) buf[o + i] = x / buf[ob + i]!;
      return;
    default:
      for (let i = 0; i < n; i++) buf[o + i] = f(x, buf[ob + i]!);
  }
}
