/**
 * A WebM export in real Chromium is composed and encoded off the page's thread (the 3-D view read
 * back asynchronously, the figure drawn and encoded by WebCodecs in a worker): from a replay of 81
 * recorded steps at 1280 × 720 and 30 fps the download is a WebM (EBML header, DocType webm, a VP9 or
 * VP8 track) of exactly 81 frames lasting 81/30 s, and the page's requestAnimationFrame keeps ticking
 * throughout: more paints than frames, at least 5 a second on average, and no gap between two over
 * `MAX_GAP_MS` (on this 2-core machine at load 12–22 the longest were 0.3–2.1 s: 4 s is about 2× the worst
 * seen: most of a gap is the software GPU process drawing the view, which also composites the page).
 * Prints the time against the goal (3× the video's duration; a timing, so printed, not
 * asserted), the longest gap, the longest animation frames, and the paused page's longest gap over
 * 3 s just before (the same load's baseline), with the machine's load.
 */
import { loadavg } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLab } from './lab-fixture';
import { makeRecording, type MadeRecording } from './recording-fixture';
import { exportSettings, openRecording, readWebm, timedExport } from './export-speed-probe';
import { measureFrames } from './fps-probe';

/** The longest the page may go without painting during the export. */
const MAX_GAP_MS = 4000;

let made: MadeRecording;

beforeAll(() => {
  // 400 steps recorded every 5: 81 recorded steps, one frame each.
  made = makeRecording(5);
});

const lab = useLab({ acceptDownloads: true, setup: ({ page }) => openRecording(page, made.text) });

describe('export speed', () => {
  it("a WebM export finishes within the goal and the page's rAF keeps ticking meanwhile", async () => {
    await exportSettings(lab.page, '1280 × 720', 30);
    const paused = await measureFrames(lab.page, 3000);
    const load = loadavg()[0]!;
    const run = await timedExport(lab.page, 'WebM');
    console.log(
      `WebM 81 frames 1280×720 (${(81 / 30).toFixed(2)} s of video): ${run.seconds.toFixed(1)} s = ` +
        `${(run.seconds / (81 / 30)).toFixed(1)}× its duration (goal ≤ 3×); rAF ${run.rafFrames} frames, ` +
        `longest gap ${run.maxGapMs.toFixed(0)} ms (gaps over 150 ms at: ${run.gaps.join(', ')}; paused just before: ` +
        `longest gap ${paused.worstMs.toFixed(0)} ms); load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}\n` +
        `  longest frames: ${run.longFrames.join('; ') || 'none over 150 ms'}`,
    );
    expect(run.file).toBe('sgd-lab.webm');
    const webm = readWebm(run.bytes);
    expect(webm.docType).toBe('webm');
    expect(['V_VP9', 'V_VP8']).toContain(webm.codec);
    expect(webm.blocks).toBe(81);
    expect(webm.durationMs).toBeCloseTo((81 / 30) * 1000, 6);
    expect(run.rafFrames).toBeGreaterThan(81);
    expect(run.rafFrames / run.seconds).toBeGreaterThan(5);
    expect(run.maxGapMs).toBeLessThan(MAX_GAP_MS);
    expect(lab.pageErrors).toEqual([]);
  });
});
