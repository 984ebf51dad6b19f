/**
 * The full loss on a grid over the domain, for the views: G×G values (row-major, y outer:
 * values[j·G + i] is at (x_i, y_j), x_i = lo + i·(hi − lo)/(G − 1)), or G values for one parameter,
 * plus contour levels.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Surface } from '../../../shared/contract/lab';
import type { Loss } from '../../../shared/experiment/experiment';
import { evaluateColumns, type ColumnValue } from '../../../shared/formula/vector';
import { parseFormula } from '../../../shared/formula/parse';
import type { CompiledFormula, DataSet, Tf } from '../api';

/** Elements one chunk of grid points × examples may hold. */
const CHUNK_ELEMENTS = 1 << 22;
/** How many contour levels to draw. */
export const CONTOUR_LEVELS = 24;

function axis(lo: number, hi: number, G: number): Float32Array {
  const out = new Float32Array(G);
  for (let i = 0; i < G; i++) out[i] = G === 1 ? lo : lo + (i * (hi - lo)) / (G - 1);
  return out;
}

/** Grid points per call of the plain-JS evaluator without data (fits in cache). */
const JS_BLOCK = 1 << 14;

/**
 * The same as `evaluatePoints`, in plain float64 loops (the formula's vectorized JS evaluator): on
 * the CPU backend this is many times faster than TensorFlow.js's kernels.
 */
function evaluatePointsJs(loss: Loss, data: DataSet, cols: Float32Array[]): Float32Array {
  const ast = parseFormula(loss.expr, { params: loss.params, dataVars: data.vars });
  const g = evaluateColumns(ast);
  const points = cols[0]!.length;
  const out = new Float32Array(points);
  const hasData = data.vars.length > 0 && data.n > 0;
  if (!hasData) {
    const block = new Float64Array(JS_BLOCK);
    const parts = cols.map(() => new Float64Array(JS_BLOCK));
    for (let q0 = 0; q0 < points; q0 += JS_BLOCK) {
      const len = Math.min(JS_BLOCK, points - q0);
      const scope: Record<string, ColumnValue> = {};
      loss.params.forEach((p, d) => {
        parts[d]!.set(cols[d]!.subarray(q0, q0 + len));
        scope[p] = parts[d]!;
      });
      data.vars.forEach((v) => (scope[v] = 0));
      out.set(g(scope, len, block).subarray(0, len), q0);
    }
    return out;
  }
  // One call per grid point: parameters are numbers, the data's float64 columns whole.
  const scope: Record<string, ColumnValue> = {};
  data.vars.forEach((v, k) => (scope[v] = data.columns[k]!));
  const v = new Float64Array(data.n);
  for (let q = 0; q < points; q++) {
    loss.params.forEach((p, d) => (scope[p] = cols[d]![q]!));
    g(scope, data.n, v);
    let sum = 0;
    for (let i = 0; i < data.n; i++) sum += v[i]!;
    out[q] = sum / data.n;
  }
  return out;
}

/** Whether the plain-JS evaluator beats the backend's kernels (it does on the pure-JS CPU backend). */
function useJs(tf: Tf, evaluator: SurfaceOptions['evaluator']): boolean {
  return evaluator === 'js' || (evaluator !== 'tf' && tf.getBackend() === 'cpu');
}

export interface SurfaceOptions {
  /** `auto` (default): plain JS on the CPU backend, TensorFlow.js ops elsewhere. */
  evaluator?: 'auto' | 'tf' | 'js';
}

/**
 * The mean loss at `points` grid points whose parameter values are `cols` (one array per parameter,
 * each of length `points`). Every name is handed to the formula at the full shape, built here in
 * plain loops, so no op has to broadcast (slow on the CPU backend).
 */
function evaluatePoints(
  tf: Tf,
  f: CompiledFormula,
  loss: Loss,
  data: DataSet,
  cols: Float32Array[],
  js: boolean,
): Float32Array {
  if (js) return evaluatePointsJs(loss, data, cols);
  const points = cols[0]!.length;
  const hasData = data.vars.length > 0 && data.n > 0;
  if (!hasData) {
    const out = tf.tidy(() => {
      const scope: Record<string, tfjs.Tensor> = {};
      loss.params.forEach((p, d) => (scope[p] = tf.tensor1d(cols[d]!)));
      data.vars.forEach((v) => (scope[v] = tf.scalar(0)));
      return tf.add(f(scope), tf.zeros([points]));
    });
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  }
  const chunk = Math.max(1, Math.min(data.n, Math.floor(CHUNK_ELEMENTS / points)));
  const sums = new Float64Array(points);
  for (let start = 0; start < data.n; start += chunk) {
    const size = Math.min(chunk, data.n - start);
    const part = tf.tidy(() => {
      const scope: Record<string, tfjs.Tensor> = {};
      loss.params.forEach((p, d) => {
        const full = new Float32Array(points * size);
        const src = cols[d]!;
        for (let q = 0; q < points; q++) full.fill(src[q]!, q * size, (q + 1) * size);
        scope[p] = tf.tensor2d(full, [points, size]);
      });
      data.vars.forEach((v, k) => {
        const full = new Float32Array(points * size);
        const src = data.columns[k]!.subarray(start, start + size);
        for (let q = 0; q < points; q++) full.set(src, q * size);
        scope[v] = tf.tensor2d(full, [points, size]);
      });
      return tf.sum(tf.add(f(scope), tf.zeros([points, size])), -1);
    });
    const v = part.dataSync();
    part.dispose();
    for (let q = 0; q < points; q++) sums[q]! += v[q]!;
  }
  return Float32Array.from(sums, (s) => s / data.n);
}

/**
 * The loss surface at `resolution` points per axis (G ≤ 1024), with its finite min and max and its
 * contour levels. Rows are computed in blocks so that memory stays bounded at any G.
 */
export function computeSurface(
  tf: Tf,
  f: CompiledFormula,
  loss: Loss,
  data: DataSet,
  resolution: number,
  options: SurfaceOptions = {},
): Surface {
  const js = useJs(tf, options.evaluator);
  const hasData = data.vars.length > 0 && data.n > 0;
  // Without data the grid goes in blocks of rows up to the chunk size; with data, at most 64 points
  // per example chunk keep each block's examples many enough to amortize the calls.
  const perBlock = hasData ? Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.min(data.n, 4096))) : CHUNK_ELEMENTS;
  return gridSurface(loss, resolution, perBlock, (cols) => evaluatePoints(tf, f, loss, data, cols, js));
}

/**
 * The surface of `loss` on a G×G grid (G values for one parameter) from an evaluator of the full loss
 * at points given as one coordinate array per parameter, called with at most `perBlock` points.
 */
export function gridSurface(
  loss: Loss,
  resolution: number,
  perBlock: number,
  evaluate: (cols: Float32Array[]) => Float32Array,
): Surface {
  const G = Math.max(2, Math.floor(resolution));
  const D = loss.params.length;
  const [dx, dy] = loss.domain;
  const xs = axis(dx![0], dx![1], G);
  const values = new Float32Array(D === 1 ? G : G * G);
  if (D === 1) values.set(evaluate([xs]));
  else {
    const ys = axis(dy![0], dy![1], G);
    const rows = Math.max(1, Math.min(G, Math.floor(perBlock / G)));
    for (let j0 = 0; j0 < G; j0 += rows) {
      const r = Math.min(rows, G - j0);
      const px = new Float32Array(r * G);
      const py = new Float32Array(r * G);
      for (let j = 0; j < r; j++) {
        px.set(xs, j * G);
        py.fill(ys[j0 + j]!, j * G, (j + 1) * G);
      }
      values.set(evaluate([px, py]), j0 * G);
    }
  }
  return {
    resolution: G,
    domain: loss.domain.map(([a, b]): [number, number] => [a, b]),
    values,
    ...surfaceRange(values),
  };
}

/** The finite values' least and largest (NaN when none) and the contour levels between them. */
export function surfaceRange(values: Float32Array): Pick<Surface, 'min' | 'max' | 'levels'> {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  if (min > max) {
    min = NaN;
    max = NaN;
  }
  return { min, max, levels: contourLevels(min, max, minPositive) };
}

/**
 * Contour levels between min and max: log-spaced over the positive part (from the smallest positive
 * value, at most six decades below max), linear over the rest.
 */
export function contourLevels(min: number, max: number, minPositive = min, count = CONTOUR_LEVELS): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const linear = (a: number, b: number, k: number) =>
    Array.from({ length: k }, (_, i) => a + ((i + 1) * (b - a)) / (k + 1));
  if (max <= 0) return linear(min, max, count);
  const lo = Math.max(min > 0 ? min : minPositive, max * 1e-6);
  if (!(lo < max)) return linear(min, max, count);
  const logCount = min > 0 ? count : Math.max(2, Math.round(count * 0.75));
  const a = Math.log(lo);
  const b = Math.log(max);
  const logs = Array.from({ length: logCount }, (_, i) => Math.exp(a + ((i + 0.5) * (b - a)) / logCount));
  if (min > 0) return logs;
  return [...linear(min, 0, count - logCount), ...logs].filter((v) => v > min && v < max);
}
