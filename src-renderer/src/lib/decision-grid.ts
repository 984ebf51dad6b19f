/**
 * The decision function's picture (issue #21): a network's output over its input plane, evaluated by the
 * float64 forward pass (shared/model/forward.ts) on a G × G grid of cell centres, coloured by class. A
 * cell's colour is the most likely class k's colour mixed into a neutral tint by its confidence
 * s = (p_k − 1/K) / (1 − 1/K) ∈ [0, 1] (logistic: K = 2 with p₁ = σ(z), so s = |2σ(z) − 1|): white-ish
 * on the boundary, the class's colour where the network is sure. Pure: no DOM (the caller puts the RGBA
 * bytes on a canvas).
 */
import type { ModelDataView } from '../../../shared/contract/network';
import type { Model } from '../../../shared/experiment/experiment';
import { ModelForward } from '../../../shared/model/forward';
import { modelLayout } from '../../../shared/model/layout';

/** Class colours (Playground's orange and blue first, then a categorical palette); none is a run colour's twin. */
export const CLASS_COLORS = [
  '#f59322',
  '#0877bd',
  '#2ca02c',
  '#9467bd',
  '#d62728',
  '#17becf',
  '#8c564b',
  '#bcbd22',
  '#e377c2',
  '#7f7f7f',
];
/** The tint of an undecided cell. */
const NEUTRAL: [number, number, number] = [232, 234, 237];
/** How far a sure cell goes from the neutral tint towards its class's colour (points stay readable on top). */
const DEPTH = 0.8;

/** Class k's colour (the palette repeats after its last). */
export function classColor(k: number): string {
  return CLASS_COLORS[k % CLASS_COLORS.length]!;
}

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const CLASS_RGB = CLASS_COLORS.map(rgb);

/** The box a picture shows: [x₀, x₁] across, [y₀, y₁] up. */
export interface Box {
  x: [number, number];
  y: [number, number];
}

/** The range of values `v[at], v[at + stride], …` widened by `margin` of its width on each side (never empty). */
export function paddedRange(v: ArrayLike<number>, at: number, stride: number, margin = 0.1): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = at; i < v.length; i += stride)
    if (Number.isFinite(v[i]!)) {
      lo = Math.min(lo, v[i]!);
      hi = Math.max(hi, v[i]!);
    }
  if (!(hi >= lo)) return [-1, 1];
  const pad = hi > lo ? margin * (hi - lo) : 1;
  return [lo - pad, hi + pad];
}

/** The box around 2-D rows x (row-major [n × 2]) with a 10 % margin. */
export function boxOf2d(x: ArrayLike<number>): Box {
  return { x: paddedRange(x, 0, 2), y: paddedRange(x, 1, 2) };
}

/** Cell (i, j) of a G × G grid over `box` (row 0 at the top): its centre (x, y). */
export function cellCentre(box: Box, G: number, i: number, j: number): [number, number] {
  return [box.x[0] + ((j + 0.5) / G) * (box.x[1] - box.x[0]), box.y[1] - ((i + 0.5) / G) * (box.y[1] - box.y[0])];
}

/**
 * The class picture of a classifier with 2 inputs at Φ = phi[po …] into `rgba` (G·G·4 bytes, row 0 at
 * the top): per cell the most likely class and its confidence, coloured as the file's comment says.
 */
export function decisionImage(
  net: ModelForward,
  phi: ArrayLike<number>,
  po: number,
  box: Box,
  G: number,
  rgba: Uint8ClampedArray,
): void {
  const logistic = net.model.output === 'logistic';
  const K = logistic ? 2 : net.K;
  const p = new Float64Array(net.K);
  const x = new Float64Array(2);
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      [x[0], x[1]] = cellCentre(box, G, i, j);
      net.predict(net.outputs(phi, x, 0, po), p);
      let k = 0;
      let q = p[0]!;
      if (logistic) {
        k = p[0]! > 0.5 ? 1 : 0;
        q = Math.max(p[0]!, 1 - p[0]!);
      } else for (let c = 1; c < K; c++) if (p[c]! > q) [k, q] = [c, p[c]!];
      const s = Number.isFinite(q) ? Math.min(1, Math.max(0, (q - 1 / K) / (1 - 1 / K))) : 0;
      const c = CLASS_RGB[k % CLASS_RGB.length]!;
      const o = 4 * (i * G + j);
      for (let ch = 0; ch < 3; ch++) rgba[o + ch] = NEUTRAL[ch]! + DEPTH * s * (c[ch]! - NEUTRAL[ch]!);
      rgba[o + 3] = 255;
    }
}

/** A 1-input regression's fitted curve at Φ: `points` evenly spaced x over [x₀, x₁] and the first output there. */
export function fittedCurve(
  net: ModelForward,
  phi: ArrayLike<number>,
  po: number,
  range: [number, number],
  points: number,
): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  const at = new Float64Array(1);
  for (let k = 0; k < points; k++) {
    x[k] = at[0] = range[0] + (k / (points - 1)) * (range[1] - range[0]);
    y[k] = net.outputs(phi, at, 0, po)[0]!;
  }
  return { x, y };
}

/**
 * The output units of a network whose Φ has `dims` numbers: D = D₀ + (w + 1)·K, with D₀ the weights
 * before the last layer and w the last hidden width (or the inputs); null where `dims` fits no K ≥ 1.
 */
export function outputsFromDims(model: Model, inputs: number, dims: number): number | null {
  const before = modelLayout(model, inputs, 0).D;
  const last = model.hidden.at(-1) ?? inputs;
  const K = (dims - before) / (last + 1);
  return Number.isInteger(K) && K >= 1 ? K : null;
}

/** A network for drawing Φs of `dims` numbers of `model` with `inputs` inputs (null when Φ does not fit it). */
export function forwardFor(model: Model, inputs: number, dims: number): ModelForward | null {
  const K = outputsFromDims(model, inputs, dims);
  if (K === null) return null;
  return new ModelForward(model, inputs, model.output === 'logistic' ? 2 : K);
}

/** Whether the decision function can be drawn for these data (1 or 2 inputs, rows sent). */
export function drawableData(data: ModelDataView | null): data is ModelDataView & { x: number[]; y: number[] } {
  return !!data && !!data.x && !!data.y && (data.inputs === 1 || data.inputs === 2);
}
