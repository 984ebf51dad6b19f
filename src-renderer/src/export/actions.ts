/**
 * The exports, one call each, run as an `ExportJob` (progress and elapsed time) and saved as
 * downloads: the whole figure as PNG, WebM and GIF (over the timeline, see timeline.ts; encoded in
 * workers, webm.ts and gif.ts), trace.csv.
 */
import type { LabStore } from '../lib/lab.svelte';
import { downloadBlob } from '../lib/download';
import { parseRecording } from '../../../shared/contract/replay';
import { composeFigure, figureCanvas } from './compose';
import { figureSnapshot } from './figure-snapshot';
import type { FigureFrame } from './frame-canvas';
import { ViewReadback } from './view-readback';
import { traceCsv } from './trace-csv';
import { createGif } from './gif';
import { bytes, type ExportJob } from './job.svelte';
import { pickTimes, showStep, withTimeline } from './timeline';
import { openVideo } from './webm';

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

/** An animated export's encoder: figures in, the file out (webm.ts, gif.ts). */
interface FrameWriter {
  add(figure: FigureFrame): Promise<void>;
  finish(): Promise<Blob>;
  close(): void;
}

/**
 * Walks the timeline (at most `max` steps) and hands each step's figure to the writer `open` makes
 * (figure-snapshot.ts: its numbers, the 3-D view read back asynchronously). The writer's worker draws
 * and encodes step N's figure while the page seeks and draws step N + 1 (up to 3 frames in flight);
 * the page does no synchronous read-back of the view, so it keeps painting throughout. Step N's
 * pixels are fetched before step N + 1 is drawn: fetched later, the fetch would wait for that
 * drawing on the GPU (measured: fewer paints and a slower export on this machine).
 */
function animate(
  job: ExportJob,
  store: LabStore,
  scene: HTMLCanvasElement,
  s: ExportSettings,
  label: string,
  max: number,
  open: () => FrameWriter,
  name: string,
) {
  return job.run(label, 1, (progress) =>
    withTimeline(store, async (all) => {
      const times = pickTimes(all, max);
      job.total = times.length;
      const writer = open();
      const reader = ViewReadback.of(scene);
      try {
        for (const [i, t] of times.entries()) {
          await showStep(store, t);
          await writer.add(await figureSnapshot(store, scene, s.width, s.height, reader));
          progress(i + 1);
        }
        return save(await writer.finish(), name);
      } finally {
        reader?.dispose();
        writer.close();
      }
    }),
  );
}

export function exportWebm(job: ExportJob, store: LabStore, scene: HTMLCanvasElement, s: ExportSettings) {
  return animate(
    job,
    store,
    scene,
    s,
    'WebM video',
    MAX_VIDEO_FRAMES,
    () => openVideo(s.width, s.height, s.fps),
    'sgd-lab.webm',
  );
}

export function exportGif(job: ExportJob, store: LabStore, scene: HTMLCanvasElement, s: ExportSettings) {
  const delay = Math.round(1000 / s.fps);
  return animate(job, store, scene, s, 'GIF', MAX_GIF_FRAMES, () => createGif(s.width, s.height, delay), 'sgd-lab.gif');
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
