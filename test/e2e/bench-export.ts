/**
 * The export rows of `npm run bench:render` (also alone: `tsx test/e2e/bench-export.ts` after
 * `npm run build:web -- --mode e2e`): a 150-frame 1280 × 720 WebM and GIF at 15 fps from a replay,
 * each timed from the click to the download against its video's duration (goals: WebM ≤ 3×, GIF ≤
 * 5×), with the page's longest gap between animation frames (beside the paused page's over 3 s just
 * before: the same load's baseline), its longest animation frames, and the machine's load.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { makeRecording } from './recording-fixture';
import { exportSettings, openRecording, timedExport } from './export-speed-probe';
import { measureFrames } from './fps-probe';
import { launchBrowser, startServer } from './helpers';

const FPS = 15;

export async function benchExports(browser: Browser, url: string): Promise<void> {
  // 447 steps recorded every 3: 150 recorded steps, one frame each.
  const made = makeRecording(3, 447);
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'dark',
    acceptDownloads: true,
  });
  try {
    await page.goto(url);
    await openRecording(page, made.text);
    await exportSettings(page, '1280 × 720', FPS);
    const only = process.env.BENCH_EXPORTS?.split(',');
    for (const [name, goal] of [
      ['WebM', 3],
      ['GIF', 5],
    ] as const) {
      if (only && !only.includes(name)) continue;
      const paused = await measureFrames(page, 3000);
      const load = loadavg()[0]!;
      const run = await timedExport(page, name);
      const video = 150 / FPS;
      console.log(
        `export ${name}: 150 frames 1280×720 at ${FPS} fps (${video} s): ${run.seconds.toFixed(1)} s = ` +
          `${(run.seconds / video).toFixed(2)}× (goal ≤ ${goal}×), ${(run.bytes.length / 1e6).toFixed(1)} MB; ` +
          `page rAF ${run.rafFrames} frames, longest gap ${run.maxGapMs.toFixed(0)} ms ` +
          `(paused just before: ${paused.fps.toFixed(0)} fps, longest gap ${paused.worstMs.toFixed(0)} ms); ` +
          `load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}\n  longest frames: ${run.longFrames.join('; ') || 'none over 150 ms'}`,
      );
    }
  } finally {
    await page.close();
  }
}

// Alone: `tsx test/e2e/bench-export.ts` (BENCH_EXPORTS=WebM: only those named).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    await benchExports(browser, server.url);
  } finally {
    await browser.close();
    await server.stop();
  }
}
