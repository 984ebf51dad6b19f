/**
 * The exports, one call each, run as an `ExportJob` (progress and elapsed time) and saved as
 * downloads: the whole figure as PNG, WebM and GIF (over the timeline, see timeline.ts), trace.csv.
 */
import type { LabStore } from '../lib/lab.svelte';
import { downloadBlob } from '../lib/download';
import { parseRecording } from '../../../shared/contract/replay';
import { composeFigure, figureCanvas } from './compose';
import { traceCsv } from './trace-csv';
import { createGif } from './gif';
import { bytes, type ExportJob } from './job.svelte';
import { pickTimes, showStep, withTimeline } from './timeline';
import { startWebm } from './webm';

export interface ExportSettings {
  width: number;
  height: number;
  fps: number;
}

/** Most frames in a video and in a GIF (recorded steps beyond are skipped evenly). */
export const MAX_VIDEO_FRAMES = 900;
export const MAX_GIF_FRAMES = 150;

function save(blob: Blob, name: string): string {
  downloadBlob(blob, name);
  return `${name}: ${bytes(blob.size)}`;
}

export function exportPng(job: ExportJob, store: LabStore, scene: HTMLCanvasElement, s: ExportSettings) {
  return job.run('PNG', 1, async () => {
    const canvas = figureCanvas(s.width, s.height);
    composeFigure(canvas, store, scene);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas gave no PNG');
    return save(blob, 'sgd-lab.png');
  });
}

export function exportWebm(job: ExportJob, store: LabStore, scene: HTMLCanvasElement, s: ExportSettings) {
  return job.run('WebM video', 1, (progress) =>
    withTimeline(store, async (all) => {
      const times = pickTimes(all, MAX_VIDEO_FRAMES);
      job.total = times.length;
      const canvas = figureCanvas(s.width, s.height);
      composeFigure(canvas, store, scene);
      const video = startWebm(canvas);
      for (const [i, t] of times.entries()) {
        await showStep(store, t);
        composeFigure(canvas, store, scene);
        // Each frame lasts one period, or as long as the next takes to draw (see webm.ts).
        await video.frame(1000 / s.fps);
        progress(i + 1);
      }
      return save(await video.stop(), 'sgd-lab.webm');
    }),
  );
}

export function exportGif(job: ExportJob, store: LabStore, scene: HTMLCanvasElement, s: ExportSettings) {
  return job.run('GIF', 1, (progress) =>
    withTimeline(store, async (all) => {
      const times = pickTimes(all, MAX_GIF_FRAMES);
      job.total = times.length;
      const canvas = figureCanvas(s.width, s.height);
      const gif = createGif(Math.round(1000 / s.fps));
      for (const [i, t] of times.entries()) {
        await showStep(store, t);
        composeFigure(canvas, store, scene);
        gif.add(canvas);
        progress(i + 1);
      }
      return save(gif.finish(), 'sgd-lab.gif');
    }),
  );
}

export function exportCsv(job: ExportJob, store: LabStore) {
  return job.run('CSV', 1, async () => {
    const reply = await store.api.exportRecording();
    if (!reply.ok) throw new Error(reply.error);
    const parsed = parseRecording(reply.recording);
    if (!parsed.ok) throw new Error(parsed.error);
    return save(new Blob([traceCsv(parsed.recording)], { type: 'text/csv' }), 'trace.csv');
  });
}
