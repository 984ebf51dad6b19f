/**
 * The mean over the data of a loss that is polynomial in the data variables needs only the data's
 * moments: L(Φ) = (1/n) Σ_i f(Φ, d_i) = Σ_k c_k(Φ) M_k with M_k = (1/n) Σ_i d_i^{e_k}. This module
 * expands a formula into such terms (coefficients are formula trees in the parameters, monomials are
 * exponent vectors over the data variables) and computes the moments once, in float64. A formula that
 * is not polynomial in the data (exp(u·x), a data variable under a division …) has no expansion; its
 * mean is then a loop over the rows.
 */
import { isConstant, type FormulaNode } from '../../../shared/formula/ast';

/** Exponent vector (one entry per data variable) → coefficient tree in the parameters. */
export type Polynomial = Map<string, FormulaNode>;

/** More terms than this and the loop over rows is as cheap; the expansion gives up. */
const MAX_TERMS = 64;
/** Largest integer power of a data-dependent base that is expanded. */
const MAX_POWER = 8;

const num = (value: number): FormulaNode => ({ kind: 'number', value });
const bin = (op: '+' | '-' | '*' | '/' | '^', left: FormulaNode, right: FormulaNode): FormulaNode => ({
  kind: 'binary',
  op,
  left,
  right,
});

function usesData(node: FormulaNode, data: readonly string[]): boolean {
  switch (node.kind) {
    case 'number':
      return false;
    case 'name':
      return data.includes(node.name);
    case 'neg':
      return usesData(node.arg, data);
    case 'binary':
      return usesData(node.left, data) || usesData(node.right, data);
    case 'call':
      return node.args.some((a) => usesData(a, data));
  }
}

const zeroKey = (D: number) => new Array<number>(D).fill(0).join(',');

function addInto(p: Polynomial, key: string, coef: FormulaNode, sign: 1 | -1): void {
  const prev = p.get(key);
  if (prev === undefined) p.set(key, sign === 1 ? coef : { kind: 'neg', arg: coef });
  else p.set(key, bin(sign === 1 ? '+' : '-', prev, coef));
}

function times(p: Polynomial, q: Polynomial): Polynomial | null {
  const out: Polynomial = new Map();
  for (const [ka, ca] of p)
    for (const [kb, cb] of q) {
      const ea = ka.split(',').map(Number);
      const eb = kb.split(',').map(Number);
      addInto(out, ea.map((e, i) => e + eb[i]!).join(','), bin('*', ca, cb), 1);
      if (out.size > MAX_TERMS) return null;
    }
  return out;
}

/** The expansion of `node` as a polynomial in the data variables, or null when it is not one. */
export function expand(node: FormulaNode, data: readonly string[]): Polynomial | null {
  const D = data.length;
  if (!usesData(node, data)) return new Map([[zeroKey(D), node]]);
  switch (node.kind) {
    case 'name': {
      const e = new Array<number>(D).fill(0);
      e[data.indexOf(node.name)] = 1;
      return new Map([[e.join(','), num(1)]]);
    }
    case 'neg': {
      const p = expand(node.arg, data);
      if (!p) return null;
      return new Map([...p].map(([k, c]) => [k, { kind: 'neg', arg: c } as FormulaNode]));
    }
    case 'binary': {
      const { op, left, right } = node;
      if (op === '+' || op === '-') {
        const a = expand(left, data);
        const b = expand(right, data);
        if (!a || !b) return null;
        const out: Polynomial = new Map(a);
        for (const [k, c] of b) addInto(out, k, c, op === '+' ? 1 : -1);
        return out.size > MAX_TERMS ? null : out;
      }
      if (op === '*') {
        const a = expand(left, data);
        const b = expand(right, data);
        return a && b ? times(a, b) : null;
      }
      if (op === '/') {
        if (usesData(right, data)) return null;
        const a = expand(left, data);
        if (!a) return null;
        return new Map([...a].map(([k, c]) => [k, bin('/', c, right)]));
      }
      // '^': a data-dependent base to a small non-negative integer constant.
      if (usesData(right, data) || !isConstant(right)) return null;
      const k = constantOf(right);
      if (k === null || !Number.isInteger(k) || k < 0 || k > MAX_POWER) return null;
      const base = expand(left, data);
      if (!base) return null;
      let out: Polynomial | null = new Map([[zeroKey(D), num(1)]]);
      for (let i = 0; i < k && out; i++) out = times(out, base);
      return out;
    }
    default:
      return null;
  }
}

/** The value of a constant subtree (numbers and arithmetic only), or null. */
function constantOf(node: FormulaNode): number | null {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'neg': {
      const v = constantOf(node.arg);
      return v === null ? null : -v;
    }
    case 'binary': {
      const a = constantOf(node.left);
      const b = constantOf(node.right);
      if (a === null || b === null) return null;
      return { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '^': Math.pow(a, b) }[node.op];
    }
    default:
      return null;
  }
}

/** M = (1/n) Σ_i Π_j d_ij^{e_j} for one exponent vector, in float64. */
export function moment(key: string, columns: readonly ArrayLike<number>[], n: number): number {
  const e = key.split(',').map(Number);
  const used = e.flatMap((k, j) => (k > 0 ? [[j, k] as const] : []));
  if (used.length === 0) return 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let v = 1;
    for (const [j, k] of used) {
      const x = columns[j]![i]!;
      for (let r = 0; r < k; r++) v *= x;
    }
    sum += v;
  }
  return sum / n;
}
