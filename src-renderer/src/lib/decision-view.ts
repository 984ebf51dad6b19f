/**
 * One tile of the decision function: a network at one run's Φ (its latest frame's first particle) drawn
 * over its data: for 2 inputs the class picture on a 64 × 64 grid (computed by the decision worker,
 * decision-images.ts) stretched over the tile with the examples on top (drawn once per data and tile
 * size, then copied), for one input the fitted curve over the data. The forward pass is float64
 * (shared/model/forward.ts).
 */
import type { Frame } from '../../../shared/contract/lab';
import type { ModelDataView } from '../../../shared/contract/network';
import type { Model } from '../../../shared/experiment/experiment';
import type { DecisionJob } from './decision-worker';
import { boxOf2d, fittedCurve, forwardFor } from './decision-grid';
import { boxOf1d, drawImage, drawPoints2d, drawRegression } from './decision-draw';

/** Cells per side of the class picture. */
export const DECISION_GRID = 64;
/** Points of a fitted curve. */
const CURVE_POINTS = 200;
/** The tile's background where nothing is drawn. */
const BACKGROUND = '#f4f5f7';

const radiusFor = (w: number) => Math.max(2, w / 110);

/** Whether the tile is a class picture (2 inputs, not a regression), computed by the worker. */
export function isClassPicture(model: Model, data: ModelDataView): boolean {
  return data.inputs === 2 && model.output !== 'linear';
}

/** The worker's job for a class tile at `frame`'s first particle (null: no Φ to draw yet). */
export function classJob(model: Model, data: ModelDataView, frame: Frame | null): Omit<DecisionJob, 'id'> | null {
  if (!frame || frame.dims < 1 || frame.positions.length < frame.dims) return null;
  return {
    model,
    inputs: data.inputs,
    dims: frame.dims,
    box: boxOf2d(data.x!),
    G: DECISION_GRID,
    phi: Float64Array.from(frame.positions.subarray(0, frame.dims)),
  };
}

/** The examples drawn once per data and size (transparent elsewhere), copied over each new picture. */
const layers = new WeakMap<ModelDataView, HTMLCanvasElement>();
function pointsLayer(data: ModelDataView, w: number, h: number): HTMLCanvasElement {
  const kept = layers.get(data);
  if (kept && kept.width === w && kept.height === h) return kept;
  const layer = document.createElement('canvas');
  [layer.width, layer.height] = [w, h];
  drawPoints2d(layer.getContext('2d')!, data, boxOf2d(data.x!), radiusFor(w));
  layers.set(data, layer);
  return layer;
}

/** Draws a class tile: the picture's RGBA bytes (null: none yet) stretched over `ctx`, the examples on top. */
export function drawClassTile(
  ctx: CanvasRenderingContext2D,
  data: ModelDataView,
  rgba: Uint8ClampedArray | null,
): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, w, h);
  if (rgba) drawImage(ctx, rgba, DECISION_GRID);
  ctx.drawImage(pointsLayer(data, w, h), 0, 0);
}

/** Draws a 1-input regression's tile at `frame` (its fitted curve in `color`); returns whether there was a Φ. */
export function drawCurveTile(
  ctx: CanvasRenderingContext2D,
  model: Model,
  data: ModelDataView,
  frame: Frame | null,
  color: string,
): boolean {
  const { width: w, height: h } = ctx.canvas;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, w, h);
  const net = frame && frame.positions.length >= frame.dims ? forwardFor(model, data.inputs, frame.dims) : null;
  const box = boxOf1d(data)!;
  const curves = net && frame ? [{ ...fittedCurve(net, frame.positions, 0, box.x, CURVE_POINTS), color }] : [];
  drawRegression(ctx, data, box, radiusFor(w), curves);
  return net !== null;
}
