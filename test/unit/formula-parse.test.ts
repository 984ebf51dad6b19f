import { describe, expect, it } from 'vitest';
import {
  checkFormula,
  evaluateColumns,
  evaluateScalar,
  FormulaError,
  formulaIssues,
  parseFormula,
} from '../../shared/formula';
import { validateExperiment } from '../../shared/experiment/validate';

const names = { params: ['x', 'y'], dataVars: ['u', 'v'] };

function refusal(expr: string): FormulaError {
  try {
    parseFormula(expr, names);
  } catch (err) {
    expect(err).toBeInstanceOf(FormulaError);
    return err as FormulaError;
  }
  throw new Error(`accepted: ${expr}`);
}

describe('formula language: accepted', () => {
  it.each([
    ['(1 - x)^2 + 100 * (y - x^2)^2', { x: 0, y: 0 }, 1],
    ['-x + +y', { x: 1, y: 3 }, 2],
    ['sin(pi / 2) + cos(0) + e^0', {}, 3],
    ['pow(x, 3) - x^3 + max(x, y, 7) + min(1, 2)', { x: 2, y: 5 }, 8],
    ['log(exp(2)) + sqrt(16) + abs(-3) + tanh(0) + sinh(0) + cosh(0) + atan(0) + tan(0)', {}, 10],
    ['0.5 * (x - u)^2', { x: 3, u: 1 }, 2],
    ['1e-3 * x / 2', { x: 4 }, 0.002],
    ['2^-1', {}, 0.5],
    ['x^2^3', { x: 2 }, 256],
  ])('%s', (expr, scope, want) => {
    const ast = parseFormula(expr, names);
    expect(evaluateScalar(ast)(scope as Record<string, number>)).toBeCloseTo(want, 12);
  });

  it('reports which parameters and data variables it uses', () => {
    const ast = parseFormula('v * x + 1', names);
    expect(ast.params).toEqual(['x']);
    expect(ast.dataVars).toEqual(['v']);
  });

  it('lets a parameter named like a constant win over the constant', () => {
    expect(evaluateScalar(parseFormula('e + 1', { params: ['e'], dataVars: [] }))({ e: 5 })).toBe(6);
  });

  it('evaluates columns like the scalar evaluator', () => {
    const ast = parseFormula('u * sin(x) + v^2 - max(x, u)', names);
    const u = Float64Array.from([1, 2, 3]);
    const v = new Float32Array([0.5, -1, 2]);
    const got = evaluateColumns(ast)({ x: 0.3, u, v }, 3);
    const scalar = evaluateScalar(ast);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(scalar({ x: 0.3, u: u[i]!, v: v[i]! }), 12);
    // A bare name is copied, never handed back as the caller's own array.
    const same = evaluateColumns(parseFormula('u', names))({ u }, 3);
    expect(same).not.toBe(u);
    expect(Array.from(same)).toEqual([1, 2, 3]);
  });
});

describe('formula language: refused, with a column', () => {
  const corpus: [string, number, RegExp][] = [
    ['a=1', 2, /assignment/],
    ['x = 1', 3, /assignment/],
    ['f(x)=x', 5, /function definitions/],
    ['x.constructor', 2, /property access/],
    ['x["constructor"]', 2, /property access|indexing/],
    ['"str"', 1, /strings/],
    ["'str'", 1, /strings/],
    ['[1,2]', 1, /matrices/],
    ['{a:1}', 1, /objects/],
    ['1:3', 2, /ranges/],
    ['x ? 1 : 2', 3, /conditionals/],
    ['import({a: 1})', 1, /unknown function import/],
    ['evaluate("1")', 1, /unknown function evaluate/],
    ['createUnit("foo")', 1, /unknown function createUnit/],
    ['process', 1, /unknown variable process/],
    ['require("fs")', 1, /unknown function require/],
    ['5 cm', 3, /missing operator/],
    ['2x', 2, /missing operator/],
    ["x'", 2, /operator ' is not allowed/],
    ['x!', 2, /operator ! is not allowed/],
    ['x mod 2', 3, /operator mod/],
    ['x % 2', 3, /operator % /],
    ['x == 1', 3, /operator == /],
    ['x < y', 3, /operator < |comparisons/],
    ['x and y', 3, /operator and/],
    ['x .* y', 3, /operator \.\*/],
    ['1 to cm', 3, /operator to/],
    ['true', 1, /true is not a number/],
    ['null', 1, /null is not a number/],
    ['1e999', 1, /out of range/],
    ['1; 2', 2, /one expression/],
    ['x + Infinity', 5, /out of range/],
    ['x + NaN', 5, /NaN is not allowed/],
    ['sin(x, y)', 1, /sin takes 1 argument, got 2/],
    ['max(x)', 1, /max takes 2 or more/],
    ['pow(x)', 1, /pow takes 2 arguments/],
    ['sin', 1, /sin is a function/],
    ['x(y)', 1, /x is a variable, not a function/],
    ['atan2(x, y)', 1, /unknown function atan2/],
    ['(1 + x', 7, /Parenthesis \) expected/],
    ['x +', 4, /Unexpected end/],
    ['x @ y', 3, /.+/],
    ['', 1, /empty/],
    ['x.__proto__', 2, /property access/],
    ['cos.constructor("return process")(1)', 4, /property access/],
  ];
  it.each(corpus)('%s → column %i', (expr, column, message) => {
    const err = refusal(expr);
    expect(err.column).toBe(column);
    expect(err.message).toMatch(message);
    expect(err.problems.length).toBeGreaterThan(0);
  });

  it('names the parameters and data columns for an unknown name', () => {
    const err = refusal('x + 2 * z');
    expect(err.column).toBe(9);
    expect(err.text).toBe('z');
    expect(err.message).toBe('unknown variable z (parameters are x, y; data columns are u, v)');
    expect(() => parseFormula('q', { params: ['x'], dataVars: [] })).toThrow('unknown variable q (parameters are x)');
  });

  it('lists every problem without throwing in checkFormula', () => {
    const problems = checkFormula('a + sin(x, y) + b', names);
    expect(problems.map((p) => p.column)).toEqual([1, 5, 17]);
    expect(checkFormula('x + y', names)).toEqual([]);
    expect(checkFormula(42 as unknown as string, names)[0]?.message).toMatch(/text/);
  });

  it('refuses very long and very deep formulas without crashing', () => {
    expect(refusal('x+'.repeat(6000) + 'x').message).toMatch(/longer than/);
    expect(refusal('('.repeat(2000) + 'x' + ')'.repeat(2000)).message).toMatch(/nested too deeply/);
    expect(() => parseFormula('-'.repeat(3000) + 'x', names)).toThrow(FormulaError);
  });

  it('never evaluates anything: no side effect, no change to Object.prototype', () => {
    const g = globalThis as unknown as { __sentinel?: number };
    g.__sentinel = 0;
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const attacks = [
      'evaluate("__sentinel = 1")',
      'import({__sentinel: 1}, {override: true})',
      'createUnit("sentinel")',
      'f(x) = __sentinel = 1',
      '__sentinel = 1',
      'x.constructor.constructor("globalThis.__sentinel = 1")()',
      '[1][0].constructor.constructor("globalThis.__sentinel = 1")()',
      'cos.constructor("globalThis.__sentinel = 1")()',
      'x["__proto__"]["polluted"] = 1',
      'config({number: "BigNumber"})',
      'parse("1")',
      'simplify("x")',
    ];
    for (const a of attacks) {
      expect(() => parseFormula(a, names)).toThrow(FormulaError);
      expect(checkFormula(a, names).length).toBeGreaterThan(0);
    }
    expect(g.__sentinel).toBe(0);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    // The parser still reads numbers as plain numbers.
    expect(parseFormula('0.1 + 0.2', names).root).toMatchObject({ kind: 'binary' });
    expect(evaluateScalar(parseFormula('0.1 + 0.2', names))({})).toBe(0.1 + 0.2);
  });

  it('does not accept names inherited from Object.prototype', () => {
    expect(refusal('constructor').message).toMatch(/unknown variable constructor/);
    expect(refusal('toString(x)').message).toMatch(/unknown function toString/);
    expect(refusal('hasOwnProperty(x)').message).toMatch(/unknown function/);
    expect(() => evaluateScalar(parseFormula('x', names))({})).toThrow(/no value for x/);
  });
});

describe('spec hook and validateExperiment', () => {
  it('formats issues with the path, column and offending text', () => {
    expect(formulaIssues('x + 2 * z', { params: ['x', 'y'], dataVars: ['u'] }, 'loss.expr')).toEqual([
      { path: 'loss.expr', message: 'column 9: unknown variable z (parameters are x, y; data columns are u)' },
    ]);
    expect(formulaIssues('x @ y', { params: ['x', 'y'], dataVars: [] }, 'loss.expr')[0]?.message).toMatch(
      /^column 3: .*"@"/,
    );
  });

  const base = { steps: 10, runs: [{ optimizer: { type: 'sgd' } }] };

  it('checks the loss formula and expr schedules', () => {
    const r = validateExperiment({
      ...base,
      loss: { expr: '(1 - x)^2 + q' },
      runs: [{ optimizer: { type: 'sgd' }, schedule: { type: 'expr', expr: 'lr / (1 + t' } }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: 'loss.expr', message: 'column 13: unknown variable q (parameters are x, y)' },
      { path: 'runs[0].schedule.expr', message: expect.stringMatching(/^column 12: Parenthesis \) expected/) },
    ]);
  });

  it('accepts generated data variables and every preset', () => {
    const r = validateExperiment({
      ...base,
      loss: { expr: '0.5 * (x - u)^2', params: ['x'], data: { n: 10, vars: { u: { normal: [1, 1] } } } },
    });
    expect(r.ok).toBe(true);
    for (const preset of [
      'quadratic-1d',
      'quadratic-2d',
      'rosenbrock',
      'rastrigin',
      'himmelblau',
      'beale',
      'saddle',
      'double-well',
    ])
      expect(validateExperiment({ ...base, loss: { preset } }).ok).toBe(true);
  });

  it('takes other plain names as CSV columns (checked when the file loads), still refusing the rest', () => {
    expect(validateExperiment({ ...base, loss: { expr: '(x - a)^2 + y * b', data: { csv: 'd.csv' } } }).ok).toBe(true);
    const r = validateExperiment({ ...base, loss: { expr: 'x + foo(a)', data: { csv: 'd.csv' } } });
    expect(r.ok).toBe(false);
  });
});
