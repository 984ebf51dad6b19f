/**
 * The kernel generator's analysis and JavaScript target: reverse-mode gradients against central
 * differences and hand-derived values for every whitelisted function, the moment form of a data mean
 * against the loop over rows, and the injection corpus: no text from the user reaches the source.
 */
import { describe, expect, it } from 'vitest';
import { CONSTANTS } from '../../shared/formula/ast';
import { parseFormula } from '../../shared/formula/parse';
import { compileKernel, kernelSource } from '../../src-main/engine/kernel/js-kernel';
import { emitTape, jsNumber } from '../../src-main/engine/kernel/js-target';
import { expand, moment } from '../../src-main/engine/kernel/data-moments';
import { planRun } from '../../src-main/engine/kernel/plan';
import { zigguratTables } from '../../src-main/engine/random/counter-js';
import { lower, Tape } from '../../shared/kernel/tape';
import { gradient } from '../../shared/kernel/tape-gradient';
import { generateData } from '../../src-main/engine/loss/loss-data';
import { experiment } from './engine-helpers';

/** Loss and gradient of a formula in x, y at a point, through the tape and the JS target. */
function lossAndGrad(expr: string, x: number, y: number): number[] {
  const ast = parseFormula(expr, { params: ['x', 'y'], dataVars: [] });
  const tape = new Tape();
  const out = lower(tape, ast.root, { params: ['x', 'y'], data: [], constants: CONSTANTS });
  const g = gradient(tape, out, 2);
  const { lines, outs } = emitTape(tape, [out, ...g], {
    param: (d) => `p${d}`,
    data: () => 'NaN',
    value: (i) => `v${i}`,
  });
  const fn = new Function('p0', 'p1', `${lines.join('\n')}\nreturn [${outs.join(', ')}];`) as (
    a: number,
    b: number,
  ) => number[];
  return fn(x, y);
}

const CASES: [string, number, number][] = [
  ['sin(x)*cos(y)', 0.3, -0.7],
  ['tan(x) + exp(y)', 0.4, 0.2],
  ['log(x) * sqrt(y)', 1.3, 2.2],
  ['abs(x - y) + tanh(x*y)', 0.5, -0.2],
  ['sinh(x) - cosh(y) + atan(x*y)', 0.4, 0.9],
  ['min(x, y) + max(x^2, y, 0.1)', 0.3, 0.8],
  ['x^y + pow(y, 3) - x^-2', 1.4, 0.6],
  ['(1-x)^2 + 100*(y-x^2)^2', -1.2, 1.1],
  ['x / (1 + y^2) - pi*e*x', 0.7, -1.5],
  ['x^0.5 * y^1.5 + x^7', 0.9, 1.2],
];

describe('reverse mode from the tape', () => {
  it.each(CASES)('%s against central differences', (expr, x, y) => {
    const [L, gx, gy] = lossAndGrad(expr, x, y);
    const ast = parseFormula(expr, { params: ['x', 'y'], dataVars: [] });
    const f = (a: number, b: number) => lossAndGrad(expr, a, b)[0]!;
    const h = 1e-6;
    expect(L).toBeCloseTo(f(x, y), 12);
    expect(gx).toBeCloseTo((f(x + h, y) - f(x - h, y)) / (2 * h), 5);
    expect(gy).toBeCloseTo((f(x, y + h) - f(x, y - h)) / (2 * h), 5);
    expect(ast.source).toBe(expr);
  });

  it('matches hand-derived gradients', () => {
    // Rosenbrock at (−1.2, 1): ∂x = −2(1 − x) − 400x(y − x²) = −4.4 − 400·(−1.2)(−0.44) = −215.6; ∂y = 200(y − x²) = −88.
    const [L, gx, gy] = lossAndGrad('(1-x)^2 + 100*(y-x^2)^2', -1.2, 1);
    expect(L).toBeCloseTo(4.84 + 100 * 0.44 ** 2, 12);
    expect(gx).toBeCloseTo(-215.6, 10);
    expect(gy).toBeCloseTo(-88, 10);
    // x² at 0: gradient 0, not NaN; |x| at 0: 0; min ties go to the first argument.
    expect(lossAndGrad('x^2 + abs(y)', 0, 0).slice(1)).toEqual([0, 0]);
    expect(lossAndGrad('min(x, y)', 1, 1).slice(1)).toEqual([1, 0]);
    // A parameter the formula leaves out has gradient 0.
    expect(lossAndGrad('x^3', 2, 5)).toEqual([8, 12, 0]);
  });

  it('merges shared subexpressions and folds constants', () => {
    const tape = new Tape();
    const ast = parseFormula('(x*y)^2 + (x*y)^2 + 2*3', { params: ['x', 'y'], dataVars: [] });
    lower(tape, ast.root, { params: ['x', 'y'], data: [] });
    expect(tape.ops.filter((o) => o.op === 'binary' && o.fn === '*').length).toBe(1);
    expect(tape.ops.some((o) => o.op === 'const' && o.value === 6)).toBe(true);
  });
});

describe('data means through moments', () => {
  const data = generateData({ u: { normal: [1, 2] }, v: { uniform: [-1, 3] } }, 500, 9);
  const cols = data.columns.map((c) => Float64Array.from(c));

  it('expands a polynomial in the data, and the moments give the mean over rows', () => {
    const expr = '0.5*(x*u + y*v - 1)^2 + x^2*u^3/4 - (y - v)*(x + u)';
    const ast = parseFormula(expr, { params: ['x', 'y'], dataVars: ['u', 'v'] });
    const poly = expand(ast.root, ['u', 'v'])!;
    expect(poly).not.toBeNull();
    const [x, y] = [0.7, -0.4];
    let loop = 0;
    for (let i = 0; i < data.n; i++) {
      const u = cols[0]![i]!;
      const v = cols[1]![i]!;
      loop += 0.5 * (x * u + y * v - 1) ** 2 + (x ** 2 * u ** 3) / 4 - (y - v) * (x + u);
    }
    loop /= data.n;
    let viaMoments = 0;
    for (const [key, coef] of poly) {
      const c = lossOf(coef, x, y);
      viaMoments += c * moment(key, cols, data.n);
    }
    expect(viaMoments).toBeCloseTo(loop, 9);
  });

  it('gives up on what is not polynomial in the data', () => {
    for (const expr of ['exp(u*x)', 'x/u', 'u^x', 'sin(u)*x', 'abs(x - u)'])
      expect(expand(parseFormula(expr, { params: ['x', 'y'], dataVars: ['u'] }).root, ['u'])).toBeNull();
  });

  it('the kernel of a polynomial loss (moments) and of the same loss written as a non-polynomial (rows) agree', () => {
    const base = { steps: 1, seed: 3, runs: [{ optimizer: { type: 'sgd' } }] };
    const dataSpec = { n: 500, vars: { u: { normal: [1, 2] }, v: { uniform: [-1, 3] } } };
    const poly = experiment({ ...base, loss: { expr: '0.5*(x*u + y*v - 1)^2', data: dataSpec } });
    // abs(…)^2 is the same function but not a polynomial: the kernel loops over the rows.
    const rows = experiment({ ...base, loss: { expr: '0.5*abs(x*u + y*v - 1)^2', data: dataSpec } });
    const zig = zigguratTables();
    const kernelOf = (exp: typeof poly) => {
      const plan = planRun(exp, exp.runs[0]!, 0, data);
      return { plan, kernel: compileKernel(kernelSource(plan, [0, 0], 0), { cols, zig }) };
    };
    const a = kernelOf(poly);
    const b = kernelOf(rows);
    expect(a.plan.full).not.toBeNull();
    expect(b.plan.full).toBeNull();
    for (const p of [
      [0.3, -0.2],
      [2, 1],
    ]) {
      const [La, ...ga] = a.kernel.lossAndGrad(p);
      const [Lb, ...gb] = b.kernel.lossAndGrad(p);
      expect(La).toBeCloseTo(Lb!, 9);
      ga.forEach((g, d) => expect(g).toBeCloseTo(gb[d]!, 9));
    }
  });
});

function lossOf(node: ReturnType<typeof parseFormula>['root'], x: number, y: number): number {
  const tape = new Tape();
  const out = lower(tape, node, { params: ['x', 'y'], data: [], constants: CONSTANTS });
  const { lines, outs } = emitTape(tape, [out], { param: (d) => `p${d}`, data: () => 'NaN', value: (i) => `v${i}` });
  return (new Function('p0', 'p1', `${lines.join('\n')}\nreturn ${outs[0]};`) as (a: number, b: number) => number)(
    x,
    y,
  );
}

describe('no text from the user reaches the generated source', () => {
  const sourceOf = (loss: Record<string, unknown>, start = [0.5, 0.5]) => {
    const exp = experiment({ steps: 1, loss, runs: [{ optimizer: { type: 'adam' }, start }] });
    return kernelSource(planRun(exp, exp.runs[0]!, 0, { vars: [], columns: [], n: 0 }), start, 0);
  };

  it('renaming the parameters, even to names the generated code uses, leaves the source unchanged', () => {
    const plain = sourceOf({
      expr: 'sin(x)*y + x^2',
      params: ['x', 'y'],
      domain: [
        [-1, 1],
        [-1, 1],
      ],
    });
    for (const [a, b] of [
      ['hasOwnProperty', 'process'],
      ['R', 'n'],
      ['Math', 'rs'],
      ['p1', 'p0'],
      ['env', 'Function'],
      ['valueOf', 'globalThis'],
    ]) {
      const renamed = sourceOf({
        expr: `sin(${a})*${b} + ${a}^2`,
        params: [a!, b!],
        domain: [
          [-1, 1],
          [-1, 1],
        ],
      });
      expect(renamed).toBe(plain);
      expect(renamed).not.toContain('hasOwnProperty');
      expect(renamed).not.toContain('process');
    }
  });

  it('re-prints numbers from their parsed values', () => {
    const src = sourceOf({
      expr: '0.1000e1*x + 00002.50*y + 1e-300*x',
      domain: [
        [-1, 1],
        [-1, 1],
      ],
    });
    expect(src).not.toContain('0.1000e1');
    expect(src).not.toContain('00002.50');
    expect(src).toContain('2.5');
    expect(src).toContain('1e-300');
    expect(jsNumber(-0.5)).toBe('(-0.5)');
    expect(() => jsNumber('1; process.exit()' as unknown as number)).toThrow();
  });

  it('refuses what the whitelist refuses, before any source is made', () => {
    for (const expr of [
      'x.constructor',
      'cos.constructor("return process")(1)',
      'evaluate("1")',
      'require("fs")',
      '"str"',
      'x = 1',
      'import({a: 1})',
    ])
      expect(() =>
        sourceOf({
          expr,
          domain: [
            [-1, 1],
            [-1, 1],
          ],
        }),
      ).toThrow();
  });
});
