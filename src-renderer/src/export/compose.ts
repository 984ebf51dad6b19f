/**
 * The figure (figure.ts) of what the lab shows now: its title, the 3D view (every pane), each run's
 * track; for a network (SPEC §13) also its "Decision function" view and the charts the page draws for
 * it (chart-series.ts: losses, accuracies, η, sharpness beside 2/η).
 */
import type { LabStore } from '../lib/lab.svelte';
import { chartsFor, lineValues } from '../lib/chart-series';
import { runColor } from '../lib/colors';
import { theme } from '../lib/theme.svelte';
import { drawFigure, type FigureChart, type FigureInput } from './figure';
import { decisionImage, viewImage } from './view-image';

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
  const input = {
    width,
    height,
    title: experiment?.title ?? '',
    t: shownStep(store),
    scene: view,
    runs,
    background,
    text,
  };
  if (!experiment?.loss.model) return input;
  const side = decisionImage(background);
  return { ...input, charts: networkCharts(store), ...(side ? { side } : {}) };
}

/** A network's charts as the page draws them, each run's lines in its colour (x = t). */
function networkCharts(store: LabStore): FigureChart[] {
  const tracks = store.tracks.slice(0, store.experiment?.runs.length ?? 0);
  return chartsFor(store.experiment).map((chart) => ({
    label: chart.title,
    ...(chart.linear ? { linear: true } : {}),
    series: chart.lines.flatMap((line) =>
      tracks.map((track, i) => ({
        color: runColor(i),
        t: track.t,
        v: lineValues(track, line.field),
        ...(line.dash ? { dash: true } : {}),
      })),
    ),
  }));
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
