/**
 * Drawing a network's data and function on a 2-D canvas (the data picture and the decision function):
 * the G × G class picture scaled to the canvas, the examples on top (training points filled, test points
 * as rings), and a 1-D regression's data with its fitted curves.
 */
import type { ModelDataView } from '../../../shared/contract/network';
import { classColor, paddedRange, type Box } from './decision-grid';

/** Canvas pixels of a point (x, y) of `box` on a w × h canvas. */
function toPixel(box: Box, w: number, h: number, x: number, y: number): [number, number] {
  return [((x - box.x[0]) / (box.x[1] - box.x[0])) * w, ((box.y[1] - y) / (box.y[1] - box.y[0])) * h];
}

/** The box of a 1-input regression: its inputs across, its targets up (10 % margin). */
export function boxOf1d(data: ModelDataView): Box | null {
  if (!data.x || !data.y) return null;
  return { x: paddedRange(data.x, 0, 1), y: paddedRange(data.y, 0, 1, 0.15) };
}

/** A G × G canvas the pictures pass through (one, reused). */
let tile: HTMLCanvasElement | null = null;

/** The G × G picture (RGBA bytes) stretched over the whole canvas, smoothed. */
export function drawImage(ctx: CanvasRenderingContext2D, rgba: Uint8ClampedArray, G: number): void {
  tile ??= document.createElement('canvas');
  if (tile.width !== G || tile.height !== G) tile.width = tile.height = G;
  tile.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, G, G), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/**
 * The examples of 2-D data on `box`, coloured by class (a regression's by nothing): training rows as
 * filled dots with a light edge, test rows as rings with a dark edge, so the two read apart.
 */
export function drawPoints2d(ctx: CanvasRenderingContext2D, data: ModelDataView, box: Box, radius: number): void {
  const { x, y } = data;
  if (!x || !y || data.inputs !== 2) return;
  const { width: w, height: h } = ctx.canvas;
  ctx.lineWidth = Math.max(1, radius / 2.5);
  for (let i = 0; i < data.train + data.test; i++) {
    const [px, py] = toPixel(box, w, h, x[2 * i]!, x[2 * i + 1]!);
    const color = data.classes > 0 ? classColor(y[i]!) : '#555';
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    if (i < data.train) {
      ctx.fillStyle = color;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.strokeStyle = '#111';
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fill();
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(px, py, radius * 0.55, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
    }
  }
}

/** A 1-input regression's rows (training dots, test rings) and each given curve in its colour. */
export function drawRegression(
  ctx: CanvasRenderingContext2D,
  data: ModelDataView,
  box: Box,
  radius: number,
  curves: { x: Float64Array; y: Float64Array; color: string }[],
): void {
  const { x, y } = data;
  const { width: w, height: h } = ctx.canvas;
  if (x && y)
    for (let i = 0; i < data.train + data.test; i++) {
      const [px, py] = toPixel(box, w, h, x[i]!, y[i]!);
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
      if (i < data.train) {
        ctx.fillStyle = 'rgba(90,100,115,0.75)';
        ctx.fill();
      } else {
        ctx.strokeStyle = 'rgba(20,20,20,0.8)';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    }
  ctx.lineWidth = Math.max(2, radius);
  for (const curve of curves) {
    ctx.strokeStyle = curve.color;
    ctx.beginPath();
    for (let k = 0; k < curve.x.length; k++) {
      const [px, py] = toPixel(box, w, h, curve.x[k]!, curve.y[k]!);
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
}
