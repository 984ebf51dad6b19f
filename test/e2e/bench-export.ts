/**
 * The export rows of `npm run bench:render` (also alone: `tsx test/e2e/bench-export.ts` after
 * `npm run build:web -- --mode e2e`): a 150-frame 1280 × 720 WebM and GIF at 15 fps from a replay,
 * each timed from the click to the download against its video's duration (goals: WebM ≤ 3×, GIF ≤
 * 5×), with the page's longest gap between animation frames and the machine's load.
 */
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { makeRecording } from './recording-fixture';
import { exportSettings, openRecording, timedExport } from './export-speed-probe';

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
    for (const [name, goal] of [
      ['WebM', 3],
      ['GIF', 5],
    ] as const) {
      const load = loadavg()[0]!;
      const run = await timedExport(page, name);
      const video = 150 / FPS;
      console.log(
        `export ${name}: 150 frames 1280×720 at ${FPS} fps (${video} s): ${run.seconds.toFixed(1)} s = ` +
          `${(run.seconds / video).toFixed(2)}× (goal ≤ ${goal}×), ${(run.bytes.length / 1e6).toFixed(1)} MB; ` +
          `page rAF ${run.rafFrames} frames, longest gap ${run.maxGapMs.toFixed(0)} ms; ` +
          `load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    await page.close();
  }
}
