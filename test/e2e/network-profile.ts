/**
 * Bench helper (#21): profiles the two-moons network playing (SGD beside Adam, the 64² Decision
 * function updating) in real Chromium on the software renderer: the frame times over the window, the
 * JavaScript functions with the most self time (CDP's sampling Profiler), and the renderer main
 * thread's busy time by trace event (script, style, layout, paint, raster, commit), so the biggest costs
 * of a frame are named. Run: `npx tsx test/e2e/network-profile.ts` after `npm run build:web -- --mode e2e`.
 */
import { cpus, loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { busyByEvent, selfTimeDuring, traceDuring } from './cdp-profile';
import { measureFrames } from './fps-probe';
import { launchBrowser, startServer } from './helpers';
import { play } from './lab-actions';

interface Window {
  what: string;
  byFn: Map<string, number>;
  byEvent: Map<string, number>;
}

/** Frame times, JS self time by function and trace events by thread and name over one window. */
async function profileWindow(cdp: CDPSession, page: Page, what: string): Promise<Window> {
  let byFn = new Map<string, number>();
  const categories = process.env.TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline';
  const events = await traceDuring(cdp, categories, async () => {
    byFn = await selfTimeDuring(cdp, async () => {
      const frames = await measureFrames(page, windowMs);
      console.log(
        `${what}: ${frames.fps.toFixed(1)} fps, p95 ${frames.p95Ms.toFixed(1)} ms, worst ${frames.worstMs.toFixed(0)} ms (${load()})`,
      );
    });
  });
  const byEvent = new Map([...busyByEvent(events)].map(([k, [wall]]) => [k, wall]));
  return { what, byFn, byEvent };
}

/** The top rows of each table, the windows side by side. */
function report(a: Window, b: Window): void {
  for (const table of ['byFn', 'byEvent'] as const) {
    console.log(
      table === 'byFn'
        ? `JS self time (ms over ${windowMs} ms): ${a.what} | ${b.what}`
        : `trace events (ms): ${a.what} | ${b.what}`,
    );
    const rows = [...b[table]].sort((x, y) => y[1] - x[1]).slice(0, Number(process.env.ROWS ?? 28));
    for (const [k, v] of rows)
      console.log(`${(a[table].get(k) ?? 0).toFixed(0).padStart(7)} | ${v.toFixed(0).padStart(7)}  ${k}`);
  }
}

const load = () => `load ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs`;
const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 4000);
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  await page.goto(server.url);
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 120_000 });
  await page.getByLabel('Loss preset').selectOption('network:two-moons');
  await page.getByText('Two moons: SGD beside Adam on one network').first().waitFor({ timeout: 120_000 });
  await page.getByLabel('steps', { exact: true }).fill('100000000');
  await page.getByLabel('steps', { exact: true }).press('Tab');
  await page.getByRole('img', { name: 'Decision function' }).waitFor({ timeout: 120_000 });
  // The plane's first grid, if it comes within a minute (the frames are measured either way).
  const plane = page.getByTestId('plane-status');
  await plane
    .and(page.locator('[data-resolution]:not([data-resolution="0"])'))
    .waitFor({ timeout: 60_000 })
    .catch(() => undefined);
  console.log(`plane: ${((await plane.textContent()) ?? '').replace(/\s+/g, ' ').trim()}`);
  const cdp = await page.context().newCDPSession(page);
  const paused = await profileWindow(cdp, page, 'paused');
  await play(page);
  await page.waitForTimeout(1000);
  const playing = await profileWindow(cdp, page, 'playing');
  report(paused, playing);
} finally {
  await browser.close();
  await server.stop();
}
