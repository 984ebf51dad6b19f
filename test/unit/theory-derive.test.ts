import { describe, expect, it } from 'vitest';
import { derive } from '../../shared/formula/derive';
import { evaluateScalar, parseFormula } from '../../shared/formula';

const names = { params: ['x', 'y'], dataVars: ['u'] };

/** ∂f/∂name evaluated at a point, from the symbolic derivative. */
function symbolic(expr: string, name: string, scope: Record<string, number>): number {
  const ast = parseFormula(expr, names);
  return evaluateScalar({ ...ast, root: derive(ast.root, name) })(scope);
}

/** The same by a central difference of the formula itself (an independent reference). */
function central(expr: string, name: string, scope: Record<string, number>): number {
  const f = evaluateScalar(parseFormula(expr, names));
  const h = 1e-5 * Math.max(1, Math.abs(scope[name]!));
  return (f({ ...scope, [name]: scope[name]! + h }) - f({ ...scope, [name]: scope[name]! - h })) / (2 * h);
}

describe('symbolic derivative: hand values', () => {
  it.each([
    ['x^3 * y', 'x', { x: 2, y: 5, u: 0 }, 60],
    ['x^3 * y', 'y', { x: 2, y: 5, u: 0 }, 8],
    ['sin(x * y)', 'x', { x: 1, y: 2, u: 0 }, 2 * Math.cos(2)],
    ['0.5 * (x - u)^2', 'x', { x: 3, u: 1, y: 0 }, 2],
    ['exp(2 * x) / y', 'y', { x: 0, y: 2, u: 0 }, -0.25],
    ['abs(x - 1)', 'x', { x: 0, y: 0, u: 0 }, -1],
    ['abs(x - 1)', 'x', { x: 1, y: 0, u: 0 }, 0],
    ['max(x, 2 * y)', 'y', { x: 1, y: 3, u: 0 }, 2],
    ['min(x, 2 * y, u)', 'x', { x: 1, y: 3, u: 5 }, 1],
    ['min(x, 2 * y, u)', 'x', { x: 7, y: 3, u: 5 }, 0],
    ['x^y', 'y', { x: 2, y: 3, u: 0 }, 8 * Math.log(2)],
    ['(x^2 - 1)^2 + 0.5 * y^2', 'x', { x: 2, y: 0, u: 0 }, 24],
    ['(-x)^3', 'x', { x: 2, y: 0, u: 0 }, -12],
    ['pi * x + e', 'x', { x: 2, y: 0, u: 0 }, Math.PI],
  ])('∂(%s)/∂%s', (expr, name, scope, want) => {
    expect(symbolic(expr, name, scope)).toBeCloseTo(want, 12);
  });

  it('second derivatives of the double well: 12x² − 4 and 1, mixed 0', () => {
    const ast = parseFormula('(x^2 - 1)^2 + 0.5 * y^2', names);
    const at = { x: 1.5, y: 0.3, u: 0 };
    const d2 = (a: string, b: string) => evaluateScalar({ ...ast, root: derive(derive(ast.root, a), b) })(at);
    expect(d2('x', 'x')).toBeCloseTo(12 * 1.5 ** 2 - 4, 12);
    expect(d2('y', 'y')).toBe(1);
    expect(d2('x', 'y')).toBe(0);
    expect(d2('y', 'x')).toBe(0);
  });

  it('a constant or another variable gives the number 0', () => {
    expect(derive(parseFormula('y * u + 3', names).root, 'x')).toEqual({ kind: 'number', value: 0 });
  });
});

describe('symbolic derivative against central differences', () => {
  const formulas = [
    '(1 - x)^2 + 100 * (y - x^2)^2',
    '20 + x^2 - 10 * cos(2 * pi * x) + y^2 - 10 * cos(2 * pi * y)',
    '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    'tan(x / 3) + tanh(y) * sinh(x / 2) - cosh(y / 2) + atan(x * y)',
    'sqrt(x^2 + y^2 + 1) + log(2 + sin(x)) - exp(-y^2) / (1 + x^2)',
    'abs(x)^y + pow(y^2, 1.25)',
    '0.5 * (u * (x - 1) + 0.3 * (y - 1) - u)^2',
  ];
  const points = [
    { x: 0.7, y: 1.3, u: 0.4 },
    { x: -1.1, y: 0.9, u: -2 },
    { x: 1.9, y: 2.2, u: 1.5 },
  ];
  for (const expr of formulas)
    it(expr, () => {
      for (const p of points)
        for (const name of ['x', 'y']) {
          const s = symbolic(expr, name, p);
          const c = central(expr, name, p);
          expect(Math.abs(s - c)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c)));
          // The second derivative against central differences of the symbolic first derivative.
          const ast = parseFormula(expr, names);
          const first = evaluateScalar({ ...ast, root: derive(ast.root, name) });
          const second = evaluateScalar({ ...ast, root: derive(derive(ast.root, name), 'y') });
          const h = 1e-5;
          const ref = (first({ ...p, y: p.y + h }) - first({ ...p, y: p.y - h })) / (2 * h);
          expect(Math.abs(second(p) - ref)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref)));
        }
    });
});
