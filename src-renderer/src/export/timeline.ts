/**
 * Walks the lab's timeline for the animated exports. A replay is walked as it is (and put back at its
 * step after); a live lab is walked through a replay of its own recording, opened for the export in
 * its place and closed after, so the video tells the whole story from t = 0 to now. A playing lab is
 * paused for the walk and plays on after; the charts and trails are put back as they were.
 */
import type { LabStore } from '../lib/lab.svelte';
import { indexAt, parseRecording } from '../../../shared/contract/replay';
import { isSwitchable } from '../replay/switch';
import { shownStep } from './compose';

/** Up to `max` of `times`, evenly spread, always the first and the last. */
export function pickTimes(times: readonly number[], max: number): number[] {
  if (times.length <= max) return [...times];
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(times[Math.round((i * (times.length - 1)) / (max - 1))]!);
  return out;
}

const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Seeks to `t` and resolves once the 3-D view has drawn it: its frames arrived, then two paints. Their
 * arrival schedules the store's tick at the next animation frame (or it ran already); the tick's
 * effects ask the scene to render at the animation frame after, and a render asked for before ours
 * runs before ours: so the second of our paints comes after the scene rendered the step.
 */
export async function showStep(store: LabStore, t: number, timeoutMs = 10_000): Promise<void> {
  if (!store.api.seek) throw new Error('this lab has no timeline');
  const reply = await store.api.seek(t);
  if (!reply.ok) throw new Error(reply.error);
  const times = store.state?.replay?.times ?? [t];
  const target = times[indexAt(times, t)]!;
  const end = performance.now() + timeoutMs;
  while (shownStep(store) !== target) {
    if (performance.now() > end) throw new Error(`the view did not reach t = ${target}`);
    await nextPaint();
  }
  for (let i = 0; i < 2; i++) await nextPaint();
}

/** Runs `walk` with the recorded steps of the lab's timeline (see above); the view is left as it was. */
export async function withTimeline<T>(store: LabStore, walk: (times: number[]) => Promise<T>): Promise<T> {
  const existing = store.state?.replay;
  const wasPlaying = store.state?.playing ?? false;
  if (wasPlaying) await store.call(store.api.pause(), 'Pause');
  // What the charts and trails show now (the walk replaces it), put back after.
  const saved = store.tracks.map((track) => track.snapshot());
  try {
    return await walkTimeline(store, existing?.times, walk);
  } finally {
    saved.forEach((s, i) => store.tracks[i]?.restore(s));
    store.scheduleTick();
    if (wasPlaying) await store.call(store.api.play(), 'Play');
  }
}

/** Walks a replay's `times` (put back at its step after), else a replay of the live lab's recording. */
async function walkTimeline<T>(
  store: LabStore,
  times: number[] | undefined,
  walk: (times: number[]) => Promise<T>,
): Promise<T> {
  if (times) {
    const was = shownStep(store);
    try {
      return await walk(times);
    } finally {
      await showStep(store, was).catch(() => undefined);
    }
  }
  const api = store.api;
  if (!isSwitchable(api)) throw new Error('this lab cannot replay its runs');
  const reply = await api.exportRecording();
  if (!reply.ok) throw new Error(reply.error);
  const parsed = parseRecording(reply.recording);
  if (!parsed.ok) throw new Error(parsed.error);
  api.openReplay(parsed.recording, 'this run');
  try {
    return await walk(store.state?.replay?.times ?? [0]);
  } finally {
    await api.backToLive();
  }
}
