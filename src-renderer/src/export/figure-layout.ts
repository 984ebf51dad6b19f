/** Where the figure (figure.ts) puts its parts: pure numbers, shared with the tests that read exports. */

export const TITLE_HEIGHT = 40;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The charts' band at the bottom of a figure `height` tall. */
export function chartHeight(height: number): number {
  return Math.round(height * 0.26);
}

/** The height between the title and the charts, where the 3-D view (and a network's side view) go. */
function areaHeight(height: number): number {
  return height - TITLE_HEIGHT - chartHeight(height);
}

/**
 * The width a network's figure gives its decision function, right of the 3-D view: a square of the
 * area's height, at most a third of the figure's width.
 */
export function sideWidth(width: number, height: number): number {
  return Math.round(Math.min(width / 3, areaHeight(height)));
}

/** `w` × `h` fitted into `area` with its aspect kept, centred. */
function fit(area: Rect, w: number, h: number): Rect {
  const s = Math.min(area.w / w, area.h / h);
  return { x: area.x + (area.w - w * s) / 2, y: area.y + (area.h - h * s) / 2, w: w * s, h: h * s };
}

/**
 * The 3-D view's rectangle in a figure: its area between title and charts (less `side` pixels on the
 * right, a network's decision function), the view's aspect kept.
 */
export function viewRect(width: number, height: number, viewWidth: number, viewHeight: number, side = 0): Rect {
  return fit({ x: 0, y: TITLE_HEIGHT, w: width - side, h: areaHeight(height) }, viewWidth, viewHeight);
}

/** The decision function's rectangle in a network's figure: right of the 3-D view, its aspect kept. */
export function sideRect(width: number, height: number, imageWidth: number, imageHeight: number): Rect {
  const side = sideWidth(width, height);
  return fit({ x: width - side, y: TITLE_HEIGHT, w: side, h: areaHeight(height) }, imageWidth, imageHeight);
}

/** Chart `i` of `n` side by side in the band (a network's charts; a formula's two keep their own split). */
export function chartRect(width: number, height: number, i: number, n: number): Rect {
  const h = chartHeight(height);
  const x0 = Math.round((width * i) / n);
  return { x: x0, y: height - h, w: Math.round((width * (i + 1)) / n) - x0, h };
}
