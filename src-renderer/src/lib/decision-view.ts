/**
 * One tile of the decision function: a network at one run's Φ (its latest frame's first particle) drawn
 * over its data: for 2 inputs the class picture on a 64 × 64 grid with the examples on top, for one
 * input the fitted curve over the data. The forward pass is float64 (shared/model/forward.ts).
 */
import type { Frame } from '../../../shared/contract/lab';
import type { ModelDataView } from '../../../shared/contract/network';
import type { Model } from '../../../shared/experiment/experiment';
import { boxOf2d, decisionImage, fittedCurve, forwardFor } from './decision-grid';
import { boxOf1d, drawImage, drawPoints2d, drawRegression } from './decision-draw';

/** Cells per side of the class picture. */
export const DECISION_GRID = 64;
/** Points of a fitted curve. */
const CURVE_POINTS = 200;

/** Draws the tile of `frame` (its first particle) on `ctx`; returns whether there was a Φ to draw. */
export function drawDecisionTile(
  ctx: CanvasRenderingContext2D,
  model: Model,
  data: ModelDataView,
  frame: Frame | null,
  color: string,
  rgba: Uint8ClampedArray,
): boolean {
  const { width: w, height: h } = ctx.canvas;
  ctx.fillStyle = '#f4f5f7';
  ctx.fillRect(0, 0, w, h);
  const net = frame && frame.positions.length >= frame.dims ? forwardFor(model, data, frame.dims) : null;
  const phi = frame?.positions;
  const radius = Math.max(2, w / 110);
  if (data.inputs === 2) {
    const box = boxOf2d(data.x!);
    if (net && phi && model.output !== 'linear') {
      decisionImage(net, phi, 0, box, DECISION_GRID, rgba);
      drawImage(ctx, rgba, DECISION_GRID);
    }
    drawPoints2d(ctx, data, box, radius);
  } else {
    const box = boxOf1d(data)!;
    const curves = net && phi ? [{ ...fittedCurve(net, phi, 0, box.x, CURVE_POINTS), color }] : [];
    drawRegression(ctx, data, box, radius, curves);
  }
  return net !== null;
}
