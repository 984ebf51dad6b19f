/**
 * Bench helper (#21): profiles the two-moons network playing (SGD beside Adam, the 64² Decision
 * function updating) in real Chromium on the software renderer: the frame times over the window, the
 * JavaScript functions with the most self time (CDP's sampling Profiler), and the renderer main
 * thread's busy time by trace event (script, style, layout, paint, raster, commit), so the biggest costs
 * of a frame are named. Run: `npx tsx test/e2e/network-profile.ts` after `npm run build:web -- --mode e2e`.
 */
import { cpus, loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { measureFrames } from './fps-probe';
import { launchBrowser, startServer } from './helpers';
import { play } from './lab-actions';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

interface Window {
  what: string;
  byFn: Map<string, number>;
  byEvent: Map<string, number>;
}

/** Frame times, JS self time by function and trace events by thread and name over one window. */
async function profileWindow(cdp: CDPSession, page: Page, what: string): Promise<Window> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    categories: process.env.TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline',
  });
  await cdp.send('Profiler.start');
  const frames = await measureFrames(page, windowMs);
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  };
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', collect);
  console.log(
    `${what}: ${frames.fps.toFixed(1)} fps, p95 ${frames.p95Ms.toFixed(1)} ms, worst ${frames.worstMs.toFixed(0)} ms (${load()})`,
  );
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  // Complete events per thread, summed by name (nested events counted in their own row too).
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const byEvent = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    byEvent.set(key, (byEvent.get(key) ?? 0) + e.dur / 1000);
  }
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
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  const paused = await profileWindow(cdp, page, 'paused');
  await play(page);
  await page.waitForTimeout(1000);
  const playing = await profileWindow(cdp, page, 'playing');
  report(paused, playing);
} finally {
  await browser.close();
  await server.stop();
}
