/**
 * The optimizer table's update language (descriptors.ts), read once into a small tree that every
 * interpreter walks: the float64 one of the views and tests (averages.ts) and TensorFlow.js
 * (src-main/engine/tfjs/interpret-optimizer.ts); the kernel printers translate the same statements to source.
 *
 * A statement is `name = expr` (assigns a state slot or x) or `name := expr` (declares a temporary);
 * expressions have numbers, names, + − * /, unary minus, parentheses, sqrt(·) and sign(·).
 */

export type UpdateExpr =
  | { op: 'num'; value: number }
  | { op: 'name'; name: string }
  | { op: 'neg'; arg: UpdateExpr }
  | { op: '+' | '-' | '*' | '/'; left: UpdateExpr; right: UpdateExpr }
  | { op: 'sqrt' | 'sign'; arg: UpdateExpr };

export interface UpdateStatement {
  /** The slot, x or temporary written. */
  target: string;
  /** `:=`: a temporary of this step. */
  temporary: boolean;
  expr: UpdateExpr;
}

const TOKENS = /\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_]\w*|:=|[-+*/()=]|\S/g;

/** Reads one statement; a malformed one (never user text: the table's own) throws, naming it. */
export function parseStatement(text: string): UpdateStatement {
  const tokens = text.match(TOKENS) ?? [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`update statement "${text}": ${why}`);
  };
  const peek = () => tokens[i];
  const next = () => tokens[i++] ?? fail('unexpected end');
  const expect = (tok: string) => {
    if (next() !== tok) fail(`expected ${tok}`);
  };
  function sum(): UpdateExpr {
    let left = product();
    while (peek() === '+' || peek() === '-') left = { op: next() as '+' | '-', left, right: product() };
    return left;
  }
  function product(): UpdateExpr {
    let left = unary();
    while (peek() === '*' || peek() === '/') left = { op: next() as '*' | '/', left, right: unary() };
    return left;
  }
  function unary(): UpdateExpr {
    if (peek() !== '-') return atom();
    next();
    return { op: 'neg', arg: unary() };
  }
  function atom(): UpdateExpr {
    const tok = next();
    if (tok === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (/^\d/.test(tok)) return { op: 'num', value: Number(tok) };
    if (!/^[A-Za-z_]/.test(tok)) return fail(`unexpected ${tok}`);
    if (tok !== 'sqrt' && tok !== 'sign') return { op: 'name', name: tok };
    expect('(');
    const arg = sum();
    expect(')');
    return { op: tok, arg };
  }
  const target = next();
  if (!/^[A-Za-z_]\w*$/.test(target)) fail('must start with a name');
  const assign = next();
  if (assign !== '=' && assign !== ':=') fail('expected = or :=');
  const expr = sum();
  if (i !== tokens.length) fail(`unexpected ${tokens[i]}`);
  return { target, temporary: assign === ':=', expr };
}

const parsed = new Map<string, UpdateStatement>();

/** The statements of a rule, each read once per process (the table's texts are few and fixed). */
export function statementsOf(texts: readonly string[]): UpdateStatement[] {
  return texts.map((text) => {
    let s = parsed.get(text);
    if (!s) parsed.set(text, (s = parseStatement(text)));
    return s;
  });
}

/** What an interpreter computes with: numbers (float64), tensors, … */
export interface UpdateAlgebra<T> {
  num(value: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  sqrt(a: T): T;
  sign(a: T): T;
}

/** The value of an expression over `env` (every name it reads must be there). */
export function evaluateUpdate<T>(expr: UpdateExpr, env: ReadonlyMap<string, T>, alg: UpdateAlgebra<T>): T {
  const go = (e: UpdateExpr): T => {
    switch (e.op) {
      case 'num':
        return alg.num(e.value);
      case 'name': {
        const v = env.get(e.name);
        if (v === undefined) throw new Error(`unknown name ${e.name} in an update rule`);
        return v;
      }
      case 'neg':
        return alg.neg(go(e.arg));
      case 'sqrt':
        return alg.sqrt(go(e.arg));
      case 'sign':
        return alg.sign(go(e.arg));
      case '+':
        return alg.add(go(e.left), go(e.right));
      case '-':
        return alg.sub(go(e.left), go(e.right));
      case '*':
        return alg.mul(go(e.left), go(e.right));
      case '/':
        return alg.div(go(e.left), go(e.right));
    }
  };
  return go(expr);
}

/**
 * Runs statements in order over `env` (the inputs: x, g, q, lr, the slots, constants and per-step
 * values), each assignment replacing its name; returns the same map.
 */
export function runStatements<T>(
  statements: readonly UpdateStatement[],
  env: Map<string, T>,
  alg: UpdateAlgebra<T>,
): Map<string, T> {
  for (const s of statements) env.set(s.target, evaluateUpdate(s.expr, env, alg));
  return env;
}

/** float64 arithmetic. */
export const FLOAT64: UpdateAlgebra<number> = {
  num: (v) => v,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  sqrt: Math.sqrt,
  sign: Math.sign,
};
