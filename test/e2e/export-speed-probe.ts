/**
 * How fast an animated export is and whether the page keeps painting meanwhile: clicks an Export
 * button with a requestAnimationFrame counter running in the page, and reads the downloaded WebM
 * (EBML walked from the Matroska spec: DocType, Info's duration, the SimpleBlocks). Used by
 * export-speed.test.ts and `npm run bench:render`.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openFile, waitForSurface } from './lab-actions';

export interface ExportTiming {
  file: string;
  bytes: Buffer;
  /** From the click to the downloaded file. */
  seconds: number;
  /** The page's animation frames meanwhile, and the longest time between two of them. */
  rafFrames: number;
  maxGapMs: number;
  /** Gaps over 150 ms: `start+length` in ms from the click. */
  gaps: string[];
  /**
   * The longest animation frames (Long Animation Frames API), longest first: when (ms from the click),
   * how long, the share before rendering (scripts, tasks), style and layout, and the longest scripts.
   */
  longFrames: string[];
}

/** Opens `recording` (JSON text) in the page and waits for its timeline and surface. */
export async function openRecording(page: Page, recording: string): Promise<void> {
  await openFile(page, 'recording.json', recording);
  await page.getByRole('slider', { name: 'Timeline' }).waitFor({ timeout: 60_000 });
  await waitForSurface(page, 120_000);
}

/** Sets the Export toolbar's size (`1280 × 720`) and frames per second. */
export async function exportSettings(page: Page, size: string, fps: number): Promise<void> {
  const bar = page.getByRole('toolbar', { name: 'Export' });
  await bar.getByRole('combobox', { name: 'Export size' }).selectOption({ label: size });
  await bar.getByRole('combobox', { name: 'Frames per second' }).selectOption(String(fps));
}

/** Clicks the Export toolbar's `name`, counting the page's animation frames until the download. */
export async function timedExport(page: Page, name: string, timeout = 600_000): Promise<ExportTiming> {
  await page.evaluate(`(() => {
    const p = (window.__exportRaf = { count: 0, maxGap: 0, last: performance.now(), t0: performance.now(), gaps: [], on: true });
    const tick = (now) => {
      if (!p.on) return;
      p.maxGap = Math.max(p.maxGap, now - p.last);
      if (now - p.last > 150) p.gaps.push(Math.round(p.last - p.t0) + '+' + Math.round(now - p.last));
      p.last = now;
      p.count++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    p.frames = [];
    p.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 150) p.frames.push(e);
    });
    try { p.observer.observe({ type: 'long-animation-frame' }); } catch {}
  })()`);
  const began = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout }),
    page.getByRole('toolbar', { name: 'Export' }).getByRole('button', { name, exact: true }).click(),
  ]);
  const bytes = readFileSync(await download.path());
  const seconds = (Date.now() - began) / 1000;
  const raf: { count: number; maxGap: number; gaps: string[]; longFrames: string[] } = await page.evaluate(`(() => {
    const p = window.__exportRaf;
    p.on = false;
    p.observer.disconnect();
    const longFrames = p.frames
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 5)
      .map((e) => {
        const render = e.renderStart > 0 ? e.renderStart : e.startTime + e.duration;
        const layout = e.styleAndLayoutStart > 0 ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
        const scripts = [...e.scripts]
          .sort((a, b) => b.duration - a.duration)
          .slice(0, 3)
          .map((s) => s.invoker + ' ' + Math.round(s.duration) + ' ms')
          .join(', ');
        return Math.round(e.startTime - p.t0) + '+' + Math.round(e.duration) + ' ms: before render ' +
          Math.round(render - e.startTime) + ', style+layout ' + Math.round(layout) + (scripts ? ' (' + scripts + ')' : '');
      });
    return { count: p.count, maxGap: p.maxGap, gaps: p.gaps, longFrames };
  })()`);
  return {
    file: download.suggestedFilename(),
    bytes,
    seconds,
    rafFrames: raf.count,
    maxGapMs: raf.maxGap,
    gaps: raf.gaps,
    longFrames: raf.longFrames,
  };
}

export interface WebmSummary {
  docType: string;
  /** Info's Duration in ms (null when absent, as in MediaRecorder's files). */
  durationMs: number | null;
  codec: string;
  blocks: number;
}

/** Element IDs holding elements: EBML, Segment, Info, Tracks, TrackEntry, Cluster. */
const MASTERS = new Set([0x1a45dfa3, 0x18538067, 0x1549a966, 0x1654ae6b, 0xae, 0x1f43b675]);

/** Reads a WebM's EBML header, duration, codec and SimpleBlock count (throws when not EBML). */
export function readWebm(b: Buffer): WebmSummary {
  if (b.readUInt32BE(0) !== 0x1a45dfa3) throw new Error('no EBML header');
  const vint = (at: number, keepMarker: boolean) => {
    const len = Math.clz32(b[at]!) - 23;
    let value = keepMarker ? b[at]! : b[at]! & (0xff >> len);
    for (let k = 1; k < len; k++) value = value * 256 + b[at + k]!;
    return { value, len };
  };
  const out: WebmSummary = { docType: '', durationMs: null, codec: '', blocks: 0 };
  const walk = (from: number, to: number) => {
    for (let i = from; i < to;) {
      const id = vint(i, true);
      const size = vint(i + id.len, false);
      const data = i + id.len + size.len;
      const end = Math.min(to, data + size.value);
      if (MASTERS.has(id.value)) walk(data, end);
      else if (id.value === 0x4282) out.docType = b.toString('latin1', data, end);
      else if (id.value === 0x86) out.codec = b.toString('latin1', data, end);
      else if (id.value === 0x4489) out.durationMs = size.value === 8 ? b.readDoubleBE(data) : b.readFloatBE(data);
      else if (id.value === 0xa3) out.blocks++;
      i = end;
    }
  };
  walk(0, b.length);
  return out;
}
