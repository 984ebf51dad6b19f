/**
 * A model's Hessian-vector products and sharpness (SPEC §13) against the exact Hessian of tiny nets
 * computed here: central differences of the reference MLP's backprop gradient, symmetrized, and its
 * eigenvalues by cyclic Jacobi rotations. Hv agrees to 1e-6; sharpness (power iteration, shifted when
 * the dominant eigenvalue is negative) is the largest eigenvalue to 1 %.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Model } from '../../shared/experiment/experiment';
import { HessianVector, sharpness } from '../../src-main/engine/model/hessian';
import { Mlp } from '../../src-main/engine/model/mlp';
import { ModelRun } from '../../src-main/engine/model/model-run';
import { blobs, dataOf, dims, lcg, modelExperiment, moons, refFull, waves, type RefNet } from './model-reference';

/** The Hessian of the reference's mean loss: columns from central differences of its exact gradient. */
function hessian(net: RefNet, phi: number[], set: Parameters<typeof refFull>[2]): number[][] {
  const D = phi.length;
  const h = 1e-5;
  const cols = phi.map((_, d) => {
    const up = [...phi];
    const dn = [...phi];
    up[d]! += h;
    dn[d]! -= h;
    const gu = refFull(net, up, set).grad;
    const gd = refFull(net, dn, set).grad;
    return gu.map((v, k) => (v - gd[k]!) / (2 * h));
  });
  return Array.from({ length: D }, (_, a) => Array.from({ length: D }, (_, b) => (cols[a]![b]! + cols[b]![a]!) / 2));
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations. */
function eigenvalues(m: number[][]): number[] {
  const A = m.map((r) => [...r]);
  const n = A.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(A[p]![q]!) < 1e-300) continue;
        const th = (A[q]![q]! - A[p]![p]!) / (2 * A[p]![q]!);
        const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [A[k]![p]!, A[k]![q]!];
          A[k]![p] = c * akp - s * akq;
          A[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [A[p]![k]!, A[q]![k]!];
          A[p]![k] = c * apk - s * aqk;
          A[q]![k] = s * apk + c * aqk;
        }
      }
  }
  return A.map((r, i) => r[i]!).sort((a, b) => a - b);
}

const setFor = (out: Model['output']) =>
  out === 'logistic' ? moons(8, 0.3, 3) : out === 'softmax' ? blobs(8, 3, 4) : waves(8, 5);
const K = (out: Model['output']) => (out === 'logistic' ? 1 : out === 'softmax' ? 3 : 2);

function tiny(act: Model['activation'], out: Model['output'], seed: number, scale: number) {
  const model: Model = { hidden: [3], activation: act, output: out };
  const net = new Mlp(model, 2, out === 'logistic' ? 2 : K(out));
  const ref: RefNet = { widths: [2, 3, K(out)], act, out };
  const r = lcg(seed);
  const phi = Array.from({ length: dims(ref.widths) }, () => scale * r.normal());
  return { net, ref, phi, set: setFor(out) };
}

describe('model Hessian-vector products and sharpness', () => {
  const CASES = ACTIVATIONS.flatMap((act) =>
    (['logistic', 'softmax', 'linear'] as const).map((out) => [act, out] as const),
  );

  it.each(CASES)(
    '%s × %s: H v equals the exact Hessian times v; sharpness its largest eigenvalue to 1 %',
    (act, out) => {
      const { net, ref, phi, set } = tiny(act, out, 7, 1);
      const H = hessian(ref, phi, set);
      const D = phi.length;
      const v = Float64Array.from({ length: D }, (_, d) => Math.cos(d + 1));
      const hv = new Float64Array(D);
      new HessianVector(net).product(Float64Array.from(phi), 0, set, v, hv);
      const scaleH = Math.max(...H.flat().map(Math.abs));
      H.forEach((row, a) =>
        expect(Math.abs(hv[a]! - row.reduce((s, x, b) => s + x * v[b]!, 0))).toBeLessThan(1e-6 * scaleH),
      );
      const lam = eigenvalues(H);
      const got = sharpness(net, Float64Array.from(phi), 0, set).value;
      expect(Math.abs(got - lam.at(-1)!)).toBeLessThan(0.01 * Math.abs(lam.at(-1)!));
    },
  );

  it('a negative dominant eigenvalue: the shifted iteration still finds the largest', () => {
    // Large tanh weights with a linear output: curvature terms of either sign; find such a point.
    let found = 0;
    for (let seed = 1; seed <= 40 && found < 2; seed++) {
      const { net, ref, phi, set } = tiny('tanh', 'linear', seed, 2.5);
      const lam = eigenvalues(hessian(ref, phi, set));
      if (-lam[0]! <= 1.2 * lam.at(-1)!) continue;
      found++;
      const got = sharpness(net, Float64Array.from(phi), 0, set).value;
      expect(Math.abs(got - lam.at(-1)!)).toBeLessThan(0.01 * Math.abs(lam.at(-1)!));
    }
    expect(found).toBe(2);
  });

  it('record.sharpness: each recorded stats() carries the largest eigenvalue at the first particle', () => {
    const e = modelExperiment({ hidden: [3], activation: 'gelu', output: 'softmax' }, [
      { optimizer: { type: 'adam', lr: 0.05 } },
    ]);
    const set = setFor('softmax');
    const engine = new ModelRun({ ...e, record: { ...e.record, sharpness: true } }, 0, dataOf(set));
    const ref: RefNet = { widths: [2, 3, 3], act: 'gelu', out: 'softmax' };
    for (const steps of [0, 20]) {
      engine.step(steps);
      const lam = eigenvalues(hessian(ref, Array.from(engine.positions64(1)), set)).at(-1)!;
      expect(Math.abs(engine.read(0).stats.sharpness! - lam)).toBeLessThan(0.01 * Math.abs(lam));
    }
    expect(new ModelRun(e, 0, dataOf(set)).read(0).stats.sharpness).toBeUndefined();
  });
});
