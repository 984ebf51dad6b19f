/**
 * An animated export's frame as the page hands it to an encoder worker (frame-canvas.ts draws it):
 * the figure's numbers, copied as they are at this step, and its images — the 3-D view read back
 * asynchronously at the size the figure draws it (view-readback.ts), else (split panes, no WebGL2)
 * an ImageBitmap snapshot; a network's decision function as an ImageBitmap. Nothing here waits for
 * the GPU on the page's thread.
 */
import type { LabStore } from '../lib/lab.svelte';
import { figureInput } from './compose';
import { sideWidth, viewRect } from './figure-layout';
import type { FigureFrame } from './frame-canvas';
import type { ViewReadback } from './view-readback';

/**
 * The figure of the lab as it is now. Its numbers and the view's picture are taken at the call (a
 * later step shown meanwhile changes neither); the promise resolves once the pixels are here.
 */
export function figureSnapshot(
  store: LabStore,
  scene: HTMLCanvasElement,
  width: number,
  height: number,
  reader: ViewReadback | null,
): Promise<FigureFrame> {
  const input = figureInput(store, scene, width, height);
  const { scene: view, side, ...numbers } = input;
  const data = structuredClone(numbers);
  const r = viewRect(width, height, view.width, view.height, side ? sideWidth(width, height) : 0);
  const picture =
    reader && view === scene
      ? reader.read(Math.max(1, Math.round(r.w)), Math.max(1, Math.round(r.h)))
      : createImageBitmap(view);
  const sideImage = side ? createImageBitmap(side) : null;
  return Promise.all([picture, sideImage]).then(([s, d]) => ({ ...data, scene: s, ...(d ? { side: d } : {}) }));
}
