import { describe, expect, it } from 'vitest';
import { Dag, FormulaSizeError } from '../../shared/formula/dag';
import { Deriver } from '../../shared/formula/dag-derive';
import { parseFormula } from '../../shared/formula/parse';
import { lossModel } from '../../shared/theory/loss-model';

/** sin(sin(…sin(z)…)) nested `depth` deep, z the innermost text. */
const nestedSin = (depth: number, z: string): string => 'sin('.repeat(depth) + z + ')'.repeat(depth);

/**
 * f = sin∘…∘sin (depth times) at z with f′ and f″, by forward recurrence (independent of the symbolic
 * code): s ← sin s, s′ ← cos(s)·s′, s″ ← −sin(s)·s′² + cos(s)·s″.
 */
function sinChain(depth: number, z: number): { f: number; d1: number; d2: number } {
  let [s, d1, d2] = [z, 1, 0];
  for (let k = 0; k < depth; k++)
    [s, d1, d2] = [Math.sin(s), Math.cos(s) * d1, -Math.sin(s) * d1 * d1 + Math.cos(s) * d2];
  return { f: s, d1, d2 };
}

describe('Hessian of a deeply nested formula (a DAG, each shared subexpression once)', () => {
  const depth = 180;

  it('sin nested 180 deep: O(depth) nodes, and H matches the product-of-cosines recurrence', () => {
    const model = lossModel(
      { expr: nestedSin(depth, 'x + 2 * y'), params: ['x', 'y'] },
      { vars: [], columns: [], n: 0 },
    );
    // The loss (depth nodes), its gradient and its Hessian: a bounded number of nodes per level.
    expect(model.nodes).toBeLessThan(20 * depth);
    const at = [0.7, -0.1];
    const { f, d1, d2 } = sinChain(depth, at[0]! + 2 * at[1]!);
    expect(model.value(at)).toBeCloseTo(f, 13);
    const g = model.gradient(at);
    expect(g[0]).toBeCloseTo(d1, 13);
    expect(g[1]).toBeCloseTo(2 * d1, 13);
    const H = model.hessian(at);
    const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);
    expect(rel(H[0]![0]!, d2)).toBeLessThan(1e-10);
    expect(rel(H[0]![1]!, 2 * d2)).toBeLessThan(1e-10);
    expect(rel(H[1]![1]!, 4 * d2)).toBeLessThan(1e-10);
  });

  it('over 1,000 data rows: the mean of u_i² f″, u_i f″ and f″ at z_i = x·u_i + y', () => {
    const n = 1000;
    const u = Float64Array.from({ length: n }, (_, i) => 0.5 + i / n);
    const model = lossModel(
      { expr: nestedSin(depth, 'x * u + y'), params: ['x', 'y'] },
      { vars: ['u'], columns: [u], n },
    );
    expect(model.nodes).toBeLessThan(20 * depth);
    const [x, y] = [0.4, 0.3];
    let [hxx, hxy, hyy] = [0, 0, 0];
    for (const ui of u) {
      const { d2 } = sinChain(depth, x * ui + y);
      [hxx, hxy, hyy] = [hxx + (ui * ui * d2) / n, hxy + (ui * d2) / n, hyy + d2 / n];
    }
    const H = model.hessian([x, y]);
    expect(Math.abs(H[0]![0]! - hxx)).toBeLessThan(1e-10 * Math.abs(hxx));
    expect(Math.abs(H[0]![1]! - hxy)).toBeLessThan(1e-10 * Math.abs(hxy));
    expect(Math.abs(H[1]![1]! - hyy)).toBeLessThan(1e-10 * Math.abs(hyy));
  });

  it('past its bounds the model is refused in words: work (terms × examples) and DAG nodes', () => {
    const tower = Array.from({ length: 40 }, () => 'x').join('^');
    const many = { vars: [], columns: [], n: 1e8 };
    expect(() => lossModel({ expr: tower, params: ['x'] }, many)).toThrow(
      /terms over 100000000 examples: too much work/,
    );
    const dag = new Dag(50);
    expect(() =>
      new Deriver(dag).derive(dag.fromTree(parseFormula(tower, { params: ['x'], dataVars: [] }).root), 'x'),
    ).toThrow(FormulaSizeError);
  });
});
