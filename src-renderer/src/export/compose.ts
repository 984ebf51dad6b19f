/** The figure (figure.ts) of what the lab shows now: its title, the 3D view (every pane), each run's track. */
import type { LabStore } from '../lib/lab.svelte';
import { runColor } from '../lib/colors';
import { theme } from '../lib/theme.svelte';
import { drawFigure, type FigureInput } from './figure';
import { viewImage } from './view-image';

/** The sizes a figure can be exported at (width × height, CSS pixels = image pixels). */
export const FIGURE_SIZES = [
  { label: '960 × 540', width: 960, height: 540 },
  { label: '1280 × 720', width: 1280, height: 720 },
  { label: '1920 × 1080', width: 1920, height: 1080 },
] as const;

/** The step the views show: the furthest run's latest frame. */
export function shownStep(store: LabStore): number {
  return Math.max(0, ...store.tracks.map((track) => track.last?.t ?? 0));
}

export function figureInput(store: LabStore, scene: HTMLCanvasElement, width: number, height: number): FigureInput {
  const experiment = store.experiment;
  const runs = (experiment?.runs ?? []).map((run, i) => {
    const track = store.tracks[i];
    return {
      name: run.name,
      color: runColor(i),
      detail: `${run.optimizer.type}${run.particles > 1 ? ` · ${run.particles} particles` : ''}`,
      t: track?.t ?? [],
      loss: track?.loss ?? [],
      lr: track?.lr ?? [],
    };
  });
  const { background, text } = theme.scene;
  const view = viewImage(scene, background);
  return { width, height, title: experiment?.title ?? '', t: shownStep(store), scene: view, runs, background, text };
}

/** Draws the figure of the lab as it is now on `target` (sized to `target`'s width and height). */
export function composeFigure(target: HTMLCanvasElement, store: LabStore, scene: HTMLCanvasElement): void {
  const ctx = target.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D context for the figure');
  drawFigure(ctx, figureInput(store, scene, target.width, target.height));
}

export function figureCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}
