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

/** Reused between calls, as `tiled`. */
let decision: HTMLCanvasElement | null = null;

/**
 * A network's "Decision function" view (components/network/DecisionFunction.svelte) as one image:
 * its tiles (one per run in split panes) side by side, two to a row, each with its run's name in its
 * colour; null where the page shows none.
 */
export function decisionImage(background: string): HTMLCanvasElement | null {
  const view = document.querySelector('[role="img"][aria-label="Decision function"]');
  const canvases = view ? Array.from(view.querySelectorAll('canvas')).filter((c) => c.width > 0) : [];
  if (canvases.length === 0) return null;
  const size = canvases[0]!.width;
  const cols = Math.min(2, canvases.length);
  const rows = Math.ceil(canvases.length / cols);
  const gap = Math.round(size / 40);
  decision ??= document.createElement('canvas');
  decision.width = cols * size + (cols - 1) * gap;
  decision.height = rows * size + (rows - 1) * gap;
  const ctx = decision.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, decision.width, decision.height);
  ctx.font = `600 ${Math.max(10, Math.round(size / 18))}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  canvases.forEach((canvas, i) => {
    const [x, y] = [(i % cols) * (size + gap), Math.floor(i / cols) * (size + gap)];
    ctx.drawImage(canvas, x, y, size, size);
    const name = canvases.length > 1 ? canvas.parentElement?.querySelector<HTMLElement>('.name') : null;
    if (name) {
      ctx.fillStyle = name.style.color || '#000000';
      ctx.fillText(name.textContent ?? '', x + 8, y + 6);
    }
  });
  return decision;
}
