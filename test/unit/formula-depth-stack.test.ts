/**
 * README and SPEC promise 400 levels of formula nesting. A child Node with a quarter of the default
 * stack (`--stack-size=250`, V8's default is 984 KB) parses, differentiates (the loss model's
 * gradient and Hessian) and evaluates formulas exactly 400 levels deep of every kind of nesting, and
 * refuses 401 levels with the message and the column where the nesting passes the limit. Values
 * against closed forms and forward recurrences computed here.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const STACK_KB = 250;

/** Formulas in x whose tree is exactly `n` levels deep (the root at level 0). */
const KINDS: Record<string, (n: number) => string> = {
  sin: (n) => 'sin('.repeat(n) + 'x' + ')'.repeat(n),
  paren: (n) => '('.repeat(n - 1) + 'x*x' + ')'.repeat(n - 1),
  neg: (n) => '-'.repeat(n - 1) + 'x^3',
  pow: (n) => Array.from({ length: n + 1 }, () => 'x').join('^'),
  max: (n) => 'max(1, '.repeat(n) + 'x' + ')'.repeat(n),
};

/** Runs the checks in a child with a small stack; its JSON answer. */
function childRun(): Record<
  string,
  { value: number; grad: number; hess: number; scalar: number; column: number; refused: string[] }
> {
  const code = `
    const { parseFormula, checkFormula, evaluateScalar, evaluateColumns } = await import('./shared/formula/index.ts');
    const { derive } = await import('./shared/formula/derive.ts');
    const { lossModel } = await import('./shared/theory/loss-model.ts');
    const kinds = ${JSON.stringify(Object.fromEntries(Object.entries(KINDS).map(([k, f]) => [k, [f(400), f(401)]])))};
    const names = { params: ['x'], dataVars: [] };
    const out = {};
    for (const [kind, [ok, deep]] of Object.entries(kinds)) {
      const ast = parseFormula(ok, names);
      const m = lossModel({ expr: ok, params: ['x'] }, { vars: [], columns: [], n: 0 });
      const x = ${'1.1'};
      evaluateScalar({ ...ast, root: derive(derive(ast.root, 'x'), 'x') })({ x });
      out[kind] = {
        value: m.value([x]), grad: m.gradient([x])[0], hess: m.hessian([x])[0][0],
        scalar: evaluateScalar(ast)({ x }),
        column: evaluateColumns(ast)({ x: Float64Array.of(x, x) }, 2)[1],
        refused: checkFormula(deep, names).map((p) => 'column ' + p.column + ': ' + p.message),
      };
    }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(
    process.execPath,
    [`--stack-size=${STACK_KB}`, '--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof childRun>;
}

/** f, f′, f″ of sin∘…∘sin (n times) at x by forward recurrence. */
function sinChain(n: number, x: number): number[] {
  let [s, d1, d2] = [x, 1, 0];
  for (let k = 0; k < n; k++) [s, d1, d2] = [Math.sin(s), Math.cos(s) * d1, -Math.sin(s) * d1 * d1 + Math.cos(s) * d2];
  return [s, d1, d2];
}

/** The tower x^x^…^x (n + 1 x's) with its first two derivatives, forward: t ← e^g, g = t·ln x. */
function tower(n: number, x: number): number[] {
  let [t, d1, d2] = [x, 1, 0];
  for (let k = 0; k < n; k++) {
    const g1 = d1 * Math.log(x) + t / x;
    const g2 = d2 * Math.log(x) + (2 * d1) / x - t / (x * x);
    const next = Math.pow(x, t);
    [t, d1, d2] = [next, next * g1, next * (g1 * g1 + g2)];
  }
  return [t, d1, d2];
}

describe(`formulas nested 400 levels, on a ${STACK_KB} KB stack`, () => {
  it('parse, differentiate and evaluate; 401 levels are refused with the column', () => {
    const got = childRun();
    const x = 1.1;
    const want: Record<string, number[]> = {
      sin: sinChain(400, x),
      paren: [x * x, 2 * x, 2],
      neg: [-(x ** 3), -3 * x * x, -6 * x],
      pow: tower(400, x),
      max: [x, 1, 0],
    };
    for (const [kind, [f, d1, d2]] of Object.entries(want)) {
      const g = got[kind]!;
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));
      close(g.value, f!);
      close(g.scalar, f!);
      close(g.column, f!);
      close(g.grad, d1!);
      close(g.hess, d2!);
    }
    const tooDeep = 'the formula is nested too deeply: more than 400 levels';
    // Brackets are counted on the text: the 401st opening one is named.
    expect(got.sin!.refused).toEqual([`column ${4 * 401}: ${tooDeep}`]);
    expect(got.max!.refused).toEqual([`column ${7 * 401 - 3}: ${tooDeep}`]);
    // Operator chains (and 400 brackets around a product, 401 levels) have no bracket past the
    // limit to point at: the formula from its start.
    expect(got.paren!.refused).toEqual([`column 1: ${tooDeep}`]);
    expect(got.neg!.refused).toEqual([`column 1: ${tooDeep}`]);
    expect(got.pow!.refused).toEqual([`column 1: ${tooDeep}`]);
  });
});

describe('a deep formula read in pieces keeps its columns', () => {
  it('a syntax error and an unknown name deep inside are placed where they are written', async () => {
    const { checkFormula } = await import('../../shared/formula');
    const names = { params: ['x', 'y'], dataVars: [] };
    const wrap = (inner: string) => 'sin('.repeat(101) + inner + ')'.repeat(101);
    // 101 × "sin(" = 404 characters: the inner text starts at column 405.
    expect(checkFormula(wrap('x +* y'), names)).toEqual([{ column: 408, text: '*', message: 'Value expected' }]);
    expect(checkFormula(wrap('x + z'), names).map((p) => [p.column, p.text])).toEqual([[409, 'z']]);
    expect(checkFormula(wrap('max(x, y, $d0)'), names).map((p) => [p.column, p.text])).toEqual([[415, '$d0']]);
  });
});
