/**
 * The whole figure on one 2D canvas, as PNG, GIF and video exports show it: the title and the step
 * on top, the 3D view with the legend (each run's color, name, optimizer and η at this step), and
 * below it the loss chart and the η chart of every run, with a cursor at the step shown. A network's
 * figure (SPEC §13) has its decision function right of the view (`side`) and its own charts (`charts`:
 * losses, accuracies, η, sharpness), side by side.
 */

import { TITLE_HEIGHT, chartHeight, chartRect, sideRect, sideWidth, viewRect, type Rect } from './figure-layout';

/** One run as the figure shows it. */
export interface FigureRun {
  name: string;
  color: string;
  /** The optimizer and its particles, e.g. `adam · 30 particles`. */
  detail: string;
  /** History up to the step shown: steps, mean loss and η_t. */
  t: readonly number[];
  loss: readonly number[];
  lr: readonly number[];
}

/** One series of a chart: a run's line (x = t). */
export interface FigureSeries {
  color: string;
  t: readonly number[];
  v: readonly number[];
  /** Drawn dashed (a test set's line, the 2/η line). */
  dash?: boolean;
}

/** A chart of the band (a network's): its label and lines; `linear` never draws a log axis. */
export interface FigureChart {
  label: string;
  series: FigureSeries[];
  linear?: boolean;
}

type Image = CanvasImageSource & { width: number; height: number };

/** The page's canvas context (a PNG) or an encoder worker's (frame-canvas.ts). */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface FigureInput {
  width: number;
  height: number;
  title: string;
  /** The step shown (the cursor on the charts). */
  t: number;
  /** The 3D view (the WebGL canvas, its drawing buffer kept). */
  scene: Image;
  runs: readonly FigureRun[];
  /** A network's decision function, drawn right of the 3-D view. */
  side?: Image;
  /** A network's charts, in place of the loss and η charts. */
  charts?: readonly FigureChart[];
  background: string;
  text: string;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/** Draws `series` (x = t) in `rect`, on a log axis when every value is positive; a cursor at `cursor`. */
function drawChart(
  ctx: Context2D,
  rect: Rect,
  label: string,
  series: readonly FigureSeries[],
  cursor: number,
  text: string,
  linear = false,
): void {
  let tMax = cursor;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    tMax = Math.max(tMax, s.t[s.t.length - 1] ?? 0);
    for (const v of s.v)
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  }
  const log = !linear && lo > 0;
  const f = (v: number) => (log ? Math.log10(v) : v);
  let [a, b] = [f(lo), f(hi)];
  if (!(b - a > 1e-12)) [a, b] = [a - 0.5, b + 0.5];
  const pad = { l: 58, r: 10, t: 20, b: 18 };
  const inner = { x: rect.x + pad.l, y: rect.y + pad.t, w: rect.w - pad.l - pad.r, h: rect.h - pad.t - pad.b };
  const X = (t: number) => inner.x + (tMax > 0 ? t / tMax : 0) * inner.w;
  const Y = (v: number) => inner.y + inner.h - ((f(v) - a) / (b - a)) * inner.h;
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = text;
  ctx.strokeStyle = text;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(log ? `${label} (log)` : label, inner.x, rect.y + 14);
  ctx.globalAlpha = 0.4;
  ctx.strokeRect(inner.x, inner.y, inner.w, inner.h);
  ctx.globalAlpha = 1;
  ctx.textAlign = 'right';
  if (hi >= lo) {
    ctx.fillText(fmt(hi), inner.x - 4, inner.y + 10);
    ctx.fillText(fmt(lo), inner.x - 4, inner.y + inner.h);
  }
  ctx.textAlign = 'center';
  ctx.fillText('0', inner.x, inner.y + inner.h + 14);
  ctx.fillText(`t = ${tMax}`, inner.x + inner.w - 20, inner.y + inner.h + 14);
  ctx.beginPath();
  ctx.rect(inner.x, inner.y, inner.w, inner.h);
  ctx.clip();
  ctx.lineWidth = 2;
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.setLineDash(s.dash ? [6, 4] : []);
    ctx.beginPath();
    let pen = false;
    s.t.forEach((t, i) => {
      const v = s.v[i]!;
      if (!Number.isFinite(v) || (log && v <= 0)) return void (pen = false);
      if (pen) ctx.lineTo(X(t), Y(v));
      else ctx.moveTo(X(t), Y(v));
      pen = true;
    });
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = text;
  ctx.globalAlpha = 0.6;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(X(cursor), inner.y);
  ctx.lineTo(X(cursor), inner.y + inner.h);
  ctx.stroke();
  ctx.restore();
}

function drawLegend(ctx: Context2D, x: number, y: number, input: FigureInput): void {
  const rows = input.runs.map((run) => {
    const lr = run.lr[run.lr.length - 1];
    return { run, line: `${run.name}  ${run.detail} · η ${lr === undefined ? '—' : fmt(lr)}` };
  });
  ctx.save();
  ctx.font = '13px system-ui, sans-serif';
  const width = Math.max(0, ...rows.map((r) => ctx.measureText(r.line).width)) + 44;
  const height = rows.length * 20 + 10;
  ctx.globalAlpha = 0.78;
  ctx.fillStyle = input.background;
  ctx.fillRect(x, y, width, height);
  ctx.globalAlpha = 1;
  ctx.textBaseline = 'middle';
  rows.forEach(({ run, line }, i) => {
    const cy = y + 15 + i * 20;
    ctx.fillStyle = run.color;
    ctx.fillRect(x + 10, cy - 2, 20, 5);
    ctx.fillStyle = input.text;
    ctx.fillText(line, x + 36, cy);
  });
  ctx.restore();
}

/** Draws the figure on `ctx` (a canvas of `input.width` × `input.height`). */
export function drawFigure(ctx: Context2D, input: FigureInput): void {
  const { width, height } = input;
  ctx.save();
  ctx.fillStyle = input.background;
  ctx.fillRect(0, 0, width, height);
  const titleH = TITLE_HEIGHT;
  const chartH = chartHeight(height);
  ctx.fillStyle = input.text;
  ctx.font = '600 18px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(input.title || 'SGD Lab', 14, titleH / 2);
  ctx.textAlign = 'right';
  ctx.font = '15px system-ui, sans-serif';
  ctx.fillText(`t = ${input.t}`, width - 14, titleH / 2);
  ctx.textAlign = 'left';
  // The 3D view, fitted into its area with its aspect kept.
  const side = input.side && input.side.width > 0 && input.side.height > 0 ? input.side : null;
  if (input.scene.width > 0 && input.scene.height > 0) {
    const r = viewRect(width, height, input.scene.width, input.scene.height, side ? sideWidth(width, height) : 0);
    ctx.drawImage(input.scene, r.x, r.y, r.w, r.h);
  }
  if (side) {
    const r = sideRect(width, height, side.width, side.height);
    ctx.drawImage(side, r.x, r.y, r.w, r.h);
  }
  drawLegend(ctx, 12, titleH + 10, input);
  if (input.charts) {
    const n = input.charts.length;
    input.charts.forEach((c, i) =>
      drawChart(ctx, chartRect(width, height, i, n), c.label, c.series, input.t, input.text, c.linear),
    );
    return void ctx.restore();
  }
  const chartY = height - chartH;
  const lossW = Math.round(width * 0.62);
  const series = (key: 'loss' | 'lr') => input.runs.map((r) => ({ color: r.color, t: r.t, v: r[key] }));
  drawChart(ctx, { x: 0, y: chartY, w: lossW, h: chartH }, 'mean loss', series('loss'), input.t, input.text);
  drawChart(ctx, { x: lossW, y: chartY, w: width - lossW, h: chartH }, 'η_t', series('lr'), input.t, input.text);
  ctx.restore();
}
