/**
 * The formula language's one table of operations: every operator and function a formula tree can
 * hold, with how a formula calls it, its arity, its float64 value, its partial derivatives and each
 * target's spelling. The parser's whitelist, the float64 evaluators (`program.ts`), the symbolic
 * differentiator (`dag-derive.ts`), the kernel tape (its folding and its reverse-mode adjoints) and the
 * printers (JavaScript, WGSL, TensorFlow.js) all read this table; none of them names a function.
 *
 * A derivative is written once, as ∂f/∂(argument k) over an `Algebra`: the DAG builds symbolic
 * nodes with it, the kernel tape builds adjoint entries with it. Where a choice exists, the rules
 * follow TensorFlow.js (min/max pass the gradient to the first argument on a tie, |x|′ = sign x with
 * sign 0 = 0, the exponent's gradient uses log only for a positive base).
 *
 * Adding a function is one `defineFunction` call (or one entry below), nothing else.
 */

/** What a derivative rule builds with: numbers and table operations, as DAG nodes or tape entries. */
export interface Algebra<T> {
  num(v: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  pow(a: T, b: T): T;
  /** The table operation `fn` of one argument (`b` absent) or two. */
  call(fn: string, a: T, b?: T): T;
}

/**
 * A target's spelling: a template over `$0` and `$1` (`$0 + $1`, `($0 > 0 ? Math.log($0) : 0)`), or
 * a function name called with the arguments (`Math.sin` → `Math.sin(a)`).
 */
export type Spelling = string;

/** One operation of the table. */
export interface FormulaFunction {
  /** Arguments: 1, 2, or `many` (two or more, applied left to right two at a time). */
  arity: 1 | 2 | 'many';
  /** The name a formula calls it by; absent for operators and derivative helpers (never callable). */
  call?: string;
  /** The float64 value (`y` is 0 for one argument): the one definition every evaluator follows. */
  value(x: number, y: number): number;
  /** ∂f/∂(argument k) at arguments `a`, `b` (`b` unused for one argument) whose value is `v`. */
  partial<T>(x: Algebra<T>, k: 0 | 1, a: T, b: T, v: T): T;
  js: Spelling;
  wgsl: Spelling;
  /** TensorFlow.js's op (`tf[name](a, b)`); absent for helpers, which only derivatives use. */
  tf?: string;
}

const one = <T>(x: Algebra<T>) => x.num(1);
const zero = <T>(x: Algebra<T>) => x.num(0);

/** The built-in operations, by the name a tree node holds. */
const BUILT_IN: Record<string, FormulaFunction> = {
  neg: { arity: 1, value: (a) => -a, partial: (x) => x.num(-1), js: '-$0', wgsl: '-$0', tf: 'neg' },
  '+': { arity: 2, value: (a, b) => a + b, partial: one, js: '$0 + $1', wgsl: '$0 + $1', tf: 'add' },
  '-': {
    arity: 2,
    value: (a, b) => a - b,
    partial: (x, k) => x.num(k === 0 ? 1 : -1),
    js: '$0 - $1',
    wgsl: '$0 - $1',
    tf: 'sub',
  },
  '*': {
    arity: 2,
    value: (a, b) => a * b,
    partial: (_x, k, a, b) => (k === 0 ? b : a),
    js: '$0 * $1',
    wgsl: '$0 * $1',
    tf: 'mul',
  },
  '/': {
    arity: 2,
    value: (a, b) => a / b,
    partial: (x, k, _a, b, v) => (k === 0 ? x.div(x.num(1), b) : x.neg(x.div(v, b))),
    js: '$0 / $1',
    wgsl: '$0 / $1',
    tf: 'div',
  },
  '^': {
    arity: 2,
    call: 'pow',
    value: (a, b) => (b === 2 ? a * a : Math.pow(a, b)),
    // ∂a = b·a^(b−1) (exact for a negative base too), ∂b = a^b·log a where a > 0, else 0.
    partial: (x, k, a, b, v) => (k === 0 ? x.mul(b, x.pow(a, x.sub(b, x.num(1)))) : x.mul(v, x.call('logpos', a))),
    js: 'Math.pow',
    wgsl: 'pow_js',
    tf: 'pow',
  },
  min: {
    arity: 'many',
    call: 'min',
    value: Math.min,
    partial: (x, k, a, b) => (k === 0 ? x.call('le', a, b) : x.sub(x.num(1), x.call('le', a, b))),
    js: 'Math.min',
    wgsl: 'min',
    tf: 'minimum',
  },
  max: {
    arity: 'many',
    call: 'max',
    value: Math.max,
    partial: (x, k, a, b) => (k === 0 ? x.call('ge', a, b) : x.sub(x.num(1), x.call('ge', a, b))),
    js: 'Math.max',
    wgsl: 'max',
    tf: 'maximum',
  },
  // Helpers of derivatives: no formula calls them.
  le: {
    arity: 2,
    value: (a, b) => (a <= b ? 1 : 0),
    partial: zero,
    js: '($0 <= $1 ? 1 : 0)',
    wgsl: 'select(0.0, 1.0, $0 <= $1)',
  },
  ge: {
    arity: 2,
    value: (a, b) => (a >= b ? 1 : 0),
    partial: zero,
    js: '($0 >= $1 ? 1 : 0)',
    wgsl: 'select(0.0, 1.0, $0 >= $1)',
  },
  sign: { arity: 1, value: Math.sign, partial: zero, js: 'Math.sign', wgsl: 'sign', tf: 'sign' },
  logpos: {
    arity: 1,
    value: (a) => (a > 0 ? Math.log(a) : 0),
    partial: (x, _k, a) => x.div(x.num(1), a),
    js: '($0 > 0 ? Math.log($0) : 0)',
    wgsl: 'select(0.0, log($0), $0 > 0.0)',
  },
  // The functions of SPEC §1.
  sin: unary('sin', Math.sin, (x, a) => x.call('cos', a)),
  cos: unary('cos', Math.cos, (x, a) => x.neg(x.call('sin', a))),
  tan: unary('tan', Math.tan, (x, a) => x.div(x.num(1), x.pow(x.call('cos', a), x.num(2)))),
  exp: unary('exp', Math.exp, (_x, _a, v) => v),
  log: unary('log', Math.log, (x, a) => x.div(x.num(1), a)),
  sqrt: unary('sqrt', Math.sqrt, (x, _a, v) => x.div(x.num(1), x.mul(x.num(2), v))),
  abs: unary('abs', Math.abs, (x, a) => x.call('sign', a)),
  // WGSL's tanh through a guarded helper (wgsl-target.ts): some implementations overflow for large |x|.
  tanh: unary('tanh', Math.tanh, (x, _a, v) => x.sub(x.num(1), x.mul(v, v)), { wgsl: 'tanh_s' }),
  sinh: unary('sinh', Math.sinh, (x, a) => x.call('cosh', a)),
  cosh: unary('cosh', Math.cosh, (x, a) => x.call('sinh', a)),
  atan: unary('atan', Math.atan, (x, a) => x.div(x.num(1), x.add(x.num(1), x.mul(a, a)))),
};

/** A one-argument function called by its name, spelled `Math.<name>`, `<name>` and `tf.<name>` unless told. */
function unary(
  name: string,
  value: (a: number) => number,
  derivative: <T>(x: Algebra<T>, a: T, v: T) => T,
  spelling: Partial<Pick<FormulaFunction, 'js' | 'wgsl' | 'tf'>> = {},
): FormulaFunction {
  return {
    arity: 1,
    call: name,
    value,
    partial: (x, _k, a, _b, v) => derivative(x, a, v),
    js: `Math.${name}`,
    wgsl: name,
    tf: name,
    ...spelling,
  };
}

const TABLE = new Map<string, FormulaFunction>();
/** Callable names to table names (`pow` → `^`). */
const CALLS = new Map<string, string>();

/**
 * Adds an operation to the table under `name` (the name tree nodes hold); a formula may call it by
 * `entry.call` when given. Names are plain lower-case words, each used once.
 */
export function defineFunction(name: string, entry: FormulaFunction): void {
  const word = /^[a-z][a-z0-9]*$/;
  if (TABLE.has(name) || (!word.test(name) && !Object.hasOwn(BUILT_IN, name)))
    throw new Error(`cannot define the formula function ${name}`);
  const { call } = entry;
  if (call !== undefined && (!word.test(call) || CALLS.has(call))) throw new Error(`cannot call a function ${call}`);
  TABLE.set(name, entry);
  if (call !== undefined) CALLS.set(call, name);
}

for (const [name, entry] of Object.entries(BUILT_IN)) defineFunction(name, entry);

/** The table entry of an operation a tree holds (`+`, `sin`, `sign`…); throws for anything else. */
export function formulaFunction(name: string): FormulaFunction {
  const f = TABLE.get(name);
  if (!f) throw new Error(`not a formula operation: ${name}`);
  return f;
}

/** Whether `name` is an operation of the table. */
export function isOperation(name: string): boolean {
  return TABLE.has(name);
}

/** The table name of the function a formula calls `name` (`pow` → `^`), or undefined. */
export function calledFunction(name: string): string | undefined {
  return CALLS.get(name);
}

/** The names a formula may call, in table order. */
export function callableNames(): string[] {
  return [...CALLS.keys()];
}

/** A spelling applied to argument texts (see `Spelling`). */
export function spell(spelling: Spelling, args: readonly string[]): string {
  if (!spelling.includes('$')) return `${spelling}(${args.join(', ')})`;
  return spelling.replace(/\$([01])/g, (_m, k: string) => args[Number(k)]!);
}
