/**
 * The 3-D view as exports show it: the main canvas, or in split panes every pane's canvas where it
 * sits on screen, with the pane's run name in its color, on one canvas of the panes' grid's size.
 */

/** Reused between calls (a video composes one per frame). */
let tiled: HTMLCanvasElement | null = null;

export function viewImage(main: HTMLCanvasElement, background: string): HTMLCanvasElement {
  const grid = main.closest('[data-view-grid]');
  const canvases = grid ? Array.from(grid.querySelectorAll('canvas')) : [];
  if (!grid || canvases.length <= 1) return main;
  const box = grid.getBoundingClientRect();
  // Device pixels per CSS pixel, as the main canvas is drawn.
  const k = main.width / Math.max(1, main.getBoundingClientRect().width);
  tiled ??= document.createElement('canvas');
  tiled.width = Math.max(1, Math.round(box.width * k));
  tiled.height = Math.max(1, Math.round(box.height * k));
  const ctx = tiled.getContext('2d');
  if (!ctx) return main;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, tiled.width, tiled.height);
  ctx.font = `600 ${Math.round(12 * k)}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const canvas of canvases) {
    const r = canvas.getBoundingClientRect();
    const [x, y] = [(r.left - box.left) * k, (r.top - box.top) * k];
    ctx.drawImage(canvas, x, y, r.width * k, r.height * k);
    const name = canvas.parentElement?.querySelector<HTMLElement>('[data-pane-name]');
    if (name) {
      ctx.fillStyle = name.style.color || '#ffffff';
      ctx.fillText(name.textContent ?? '', x + 8 * k, y + (r.height - 6) * k);
    }
  }
  return tiled;
}
