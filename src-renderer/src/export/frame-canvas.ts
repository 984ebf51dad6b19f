/**
 * The encoder workers' side of an animated export's frame: the figure (figure.ts) drawn on an
 * OffscreenCanvas from what the page sent (figure-snapshot.ts: its numbers, the 3-D view's pixels or
 * bitmap, a network's decision function), so the composing and the frame's copy happen off the
 * page's thread. Bitmaps are closed once drawn.
 */
import { drawFigure, type FigureInput } from './figure';
import type { Pixels } from './view-readback';

/** A frame's image: pixels read back, or a bitmap. */
export type FrameImage = Pixels | ImageBitmap;

/** The figure as an encoder worker gets it (its images transferred). */
export type FigureFrame = Omit<FigureInput, 'scene' | 'side'> & { scene: FrameImage; side?: FrameImage };

/** The buffers of a frame, to transfer with it. */
export function frameTransfer(frame: FigureFrame): Transferable[] {
  return [frame.scene, frame.side].flatMap((image): Transferable[] =>
    image instanceof ImageBitmap ? [image] : image ? [image.data.buffer] : [],
  );
}

/** Frees a frame's bitmaps (drawn, or dropped after a failure). */
export function closeFrame(frame: FigureFrame): void {
  for (const image of [frame.scene, frame.side]) if (image instanceof ImageBitmap) image.close();
}

let canvas: OffscreenCanvas | null = null;
/** Canvases that pixels are put on to be drawn (one per image of a frame). */
const holders: OffscreenCanvas[] = [];

/** An image drawFigure can draw: a bitmap as it is, pixels put on a canvas of their size. */
function drawable(image: FrameImage, slot: number): ImageBitmap | OffscreenCanvas {
  if (image instanceof ImageBitmap) return image;
  let holder = holders[slot];
  if (!holder || holder.width !== image.width || holder.height !== image.height)
    holder = holders[slot] = new OffscreenCanvas(image.width, image.height);
  const ctx = holder.getContext('2d');
  if (!ctx) throw new Error('no 2D context for the frame');
  ctx.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
  return holder;
}

/** Draws `frame` on the worker's canvas (made, or resized, to the figure's size) and returns it. */
export function drawFrame(frame: FigureFrame): OffscreenCanvas {
  if (!canvas || canvas.width !== frame.width || canvas.height !== frame.height)
    canvas = new OffscreenCanvas(frame.width, frame.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D context for the frame');
  try {
    const { scene, side, ...rest } = frame;
    drawFigure(ctx, { ...rest, scene: drawable(scene, 0), ...(side ? { side: drawable(side, 1) } : {}) });
  } finally {
    closeFrame(frame);
  }
  return canvas;
}
