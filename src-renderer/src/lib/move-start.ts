/**
 * A run's start moved, by its handle on the surface or typed in its card: every run starts again from
 * t = 0 (one clock), the moved one from its new start, after asking when the runs are under way.
 */
import type { LabStore } from './lab.svelte';
import { fmt } from './format';

/** Moves run `index`'s start to `start` and resets every run; false when nothing moved or the user said no. */
export async function moveStart(store: LabStore, index: number, start: number[]): Promise<boolean> {
  const run = store.experiment?.runs[index];
  if (!run || !start.some((v, k) => v !== run.start[k])) return false;
  // The live runs' own steps: a computed path shown in instant mode is not the runs under way.
  const midRun = store.instant.shown
    ? store.instant.liveUnderWay
    : store.tracks.some((track) => (track.last?.t ?? 0) > 0);
  const where = start.map((v) => fmt(v, 4)).join(', ');
  if (midRun && !window.confirm(`Start ${run.name} at (${where})? Every run restarts from t = 0.`)) return false;
  await store.updateRun(index, run, (r) => {
    r.start = start;
  });
  await store.reset();
  return true;
}
