/**
 * A loss ready for the engine: the compiled formula, per-example losses of stacked parameters and
 * data rows, and the full loss (the mean over the data, in chunks to bound memory).
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import { parseFormula } from '../../../shared/formula/parse';
import type { Loss } from '../../../shared/experiment/experiment';
import type { CompiledFormula, DataSet, Tf } from '../api';
import { compileFormula } from './compile';

/** Elements one chunk of the full loss may hold (particles × examples). */
export const CHUNK_ELEMENTS = 1 << 22;

export interface BuiltLoss {
  f: CompiledFormula;
  params: string[];
  /** The data variables, in the order of `batch`'s last axis (= `data.vars`). */
  dataVars: string[];
  /**
   * Per-example losses: `phi` [..., D] is split along its last axis into the parameters, `batch`
   * [..., K] along its last axis into the data variables (K = data.vars.length); the leading axes
   * broadcast together and give the result's shape. Without data, `batch` may be omitted.
   */
  perExample(phi: tfjs.Tensor, batch?: tfjs.Tensor): tfjs.Tensor;
  /** The full loss L(Φ) = mean over the data set, for `phi` [..., D]; result [...]. */
  mean(phi: tfjs.Tensor): tfjs.Tensor;
  /** Frees the data tensors. */
  dispose(): void;
}

function unstackLast(tf: Tf, t: tfjs.Tensor, width: number, what: string): tfjs.Tensor[] {
  const axis = t.rank - 1;
  if (axis < 0 || t.shape[axis] !== width)
    throw new Error(`${what} must have a last axis of ${width}, got shape [${t.shape.join(', ')}]`);
  // Slices rather than tf.unstack: unstack's gradient fails when an output goes unused.
  return Array.from({ length: width }, (_, i) => {
    const begin = t.shape.map((_d, k) => (k === axis ? i : 0));
    const size = t.shape.map((d, k) => (k === axis ? 1 : d));
    return tf.reshape(tf.slice(t, begin, size), t.shape.slice(0, -1));
  });
}

/** Broadcasts the formula's result to `shape` (a formula may not use every name). */
function toShape(tf: Tf, r: tfjs.Tensor, shape: number[]): tfjs.Tensor {
  if (r.shape.length === shape.length && r.shape.every((d, i) => d === shape[i])) return r;
  return tf.add(r, tf.zeros(shape));
}

/**
 * Expands a tensor to the full shape up front: TensorFlow.js's CPU backend broadcasts element by
 * element with index arithmetic (tens of times slower than same-shape ops), so one expansion per
 * name beats a broadcast in every op. Scalars stay scalars (their path is fast everywhere).
 */
export function expandTo(tf: Tf, t: tfjs.Tensor, shape: number[]): tfjs.Tensor {
  if (t.rank === 0) return t;
  if (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i])) return t;
  const lifted =
    t.rank < shape.length ? tf.reshape(t, [...Array<number>(shape.length - t.rank).fill(1), ...t.shape]) : t;
  return tf.broadcastTo(lifted, shape);
}

export function broadcastShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

export function buildLoss(tf: Tf, loss: Loss, data: DataSet): BuiltLoss {
  const ast = parseFormula(loss.expr, { params: loss.params, dataVars: data.vars });
  const f = compileFormula(tf, ast);
  const D = loss.params.length;
  const K = data.vars.length;
  const hasData = K > 0 && data.n > 0;
  // The float64 data rounded to float32 where they are uploaded.
  const columns = hasData ? data.columns.map((c) => tf.keep(tf.tensor1d(Float32Array.from(c), 'float32'))) : [];

  function scopeOf(phiParts: tfjs.Tensor[], dataParts: tfjs.Tensor[], shape: number[]): Record<string, tfjs.Tensor> {
    const scope: Record<string, tfjs.Tensor> = {};
    loss.params.forEach((p, i) => (scope[p] = expandTo(tf, phiParts[i]!, shape)));
    data.vars.forEach((v, i) => (scope[v] = expandTo(tf, dataParts[i]!, shape)));
    return scope;
  }

  function perExample(phi: tfjs.Tensor, batch?: tfjs.Tensor): tfjs.Tensor {
    const phiParts = unstackLast(tf, phi, D, 'phi');
    let shape = phi.shape.slice(0, -1);
    let dataParts: tfjs.Tensor[] = [];
    if (K > 0) {
      if (!batch) throw new Error('this loss has data: perExample needs a batch');
      dataParts = unstackLast(tf, batch, K, 'batch');
      shape = broadcastShape(shape, batch.shape.slice(0, -1));
    }
    return toShape(tf, f(scopeOf(phiParts, dataParts, shape)), shape);
  }

  function mean(phi: tfjs.Tensor): tfjs.Tensor {
    const lead = phi.shape.slice(0, -1);
    if (!hasData) return perExample(phi, K > 0 ? tf.zeros([K]) : undefined);
    const points = Math.max(
      1,
      lead.reduce((a, b) => a * b, 1),
    );
    const chunk = Math.max(1, Math.min(data.n, Math.floor(CHUNK_ELEMENTS / points)));
    // Parameters get a trailing example axis: [..., 1]; data chunks are [c].
    const phiParts = unstackLast(tf, phi, D, 'phi').map((p) => tf.expandDims(p, -1));
    let sum: tfjs.Tensor | undefined;
    for (let start = 0; start < data.n; start += chunk) {
      const size = Math.min(chunk, data.n - start);
      const dataParts = columns.map((c) => (size === data.n ? c : tf.slice(c, start, size)));
      const values = toShape(tf, f(scopeOf(phiParts, dataParts, [...lead, size])), [...lead, size]);
      const part = tf.sum(values, -1);
      sum = sum ? tf.add(sum, part) : part;
    }
    return tf.div(sum!, tf.scalar(data.n));
  }

  return {
    f,
    params: loss.params,
    dataVars: data.vars,
    perExample,
    mean,
    dispose: () => columns.forEach((c) => c.dispose()),
  };
}
