/**
 * The bench helpers' Chrome DevTools Protocol parts (instant-profile.ts, instant-trace.ts,
 * network-profile.ts): the lab opened on its default experiment in real Chromium, JavaScript self time
 * by function from CDP's sampling Profiler, and a trace's complete events summed by thread and name.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, startServer, type Server } from './helpers';
import { instantChange } from './instant-probe';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** A trace event as CDP's Tracing domain sends it. */
export interface TraceEvent {
  name: string;
  ph: string;
  /** Wall and thread-CPU duration (µs). */
  dur?: number;
  tdur?: number;
  ts: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** The lab served and opened in Chromium (1440×900, dark) on its default experiment, its surface drawn. */
export async function withDefaultLab(
  use: (page: Page, cdp: CDPSession) => Promise<void>,
  { instantWarm = false } = {},
): Promise<void> {
  const server: Server = await startServer();
  const browser: Browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await page.goto(server.url);
    await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 120_000 });
    if (instantWarm) {
      await page.waitForTimeout(1000);
      // The first change is the cold one (the lab's prompt worker's first computation): not profiled.
      await instantChange(page, 0, -3.3);
    }
    await use(page, await page.context().newCDPSession(page));
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Samples JavaScript while `work` runs (every `intervalUs`); returns self time (ms) by function, largest first. */
export async function selfTimeDuring(cdp: CDPSession, work: () => Promise<void>, intervalUs = 250) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  return new Map([...byFn].sort((a, b) => b[1] - a[1]));
}

/** Traces `work` with `categories`; returns every event collected. */
export async function traceDuring(cdp: CDPSession, categories: string, work: () => Promise<void>) {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories });
  await work();
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', collect);
  return events;
}

/**
 * Complete events summed by "thread name" (wall ms, thread-CPU ms, count), largest wall time first;
 * nested events are counted in their own row too.
 */
export function busyByEvent(events: TraceEvent[]): Map<string, [number, number, number]> {
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const byEvent = new Map<string, [number, number, number]>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    const [w, c, n] = byEvent.get(key) ?? [0, 0, 0];
    byEvent.set(key, [w + e.dur / 1000, c + (e.tdur ?? 0) / 1000, n + 1]);
  }
  return new Map([...byEvent].sort((a, b) => b[1][0] - a[1][0]));
}
