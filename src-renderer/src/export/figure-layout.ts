/** Where the figure (figure.ts) puts its parts: pure numbers, shared with the tests that read exports. */

export const TITLE_HEIGHT = 40;

/** The charts' band at the bottom of a figure `height` tall. */
export function chartHeight(height: number): number {
  return Math.round(height * 0.26);
}

/** The 3-D view's rectangle in a figure: its area between title and charts, the view's aspect kept. */
export function viewRect(
  width: number,
  height: number,
  viewWidth: number,
  viewHeight: number,
): { x: number; y: number; w: number; h: number } {
  const area = { x: 0, y: TITLE_HEIGHT, w: width, h: height - TITLE_HEIGHT - chartHeight(height) };
  const s = Math.min(area.w / viewWidth, area.h / viewHeight);
  const [w, h] = [viewWidth * s, viewHeight * s];
  return { x: area.x + (area.w - w) / 2, y: area.y + (area.h - h) / 2, w, h };
}
