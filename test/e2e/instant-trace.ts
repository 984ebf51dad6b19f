/**
 * Bench helper (#22): η changes of the default experiment in instant mode under a Chrome trace, the
 * busy time per thread and event name over the changes (renderer main thread, compositor, GPU
 * process, SwiftShader), so the cost between a result's arrival and its frame is named.
 * Run: `npx tsx test/e2e/instant-trace.ts` after `npm run build:web -- --mode e2e`.
 */
import { loadavg } from 'node:os';
import { launchBrowser, startServer } from './helpers';
import { instantChange } from './instant-probe';

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  await page.goto(server.url);
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 120_000 });
  await page.waitForTimeout(1000);
  await instantChange(page, 0, -3.3);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    categories:
      process.env.TRACE_CATEGORIES ?? 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,gpu,viz,cc',
  });
  const trials = Number(process.env.TRIALS ?? 4);
  let total = 0;
  for (let i = 0; i < trials; i++) {
    const p = await instantChange(page, 0, i % 2 === 0 ? -3 : -3.3);
    total += p.drawnMs;
    console.log(
      `change ${i} (load ${loadavg()[0]!.toFixed(1)}): drawn ${p.drawnMs.toFixed(0)} ms, after arrival ${p.afterArrivalMs.toFixed(0)} ms`,
    );
  }
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const byEvent = new Map<string, [number, number, number]>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    const [w, c, n] = byEvent.get(key) ?? [0, 0, 0];
    byEvent.set(key, [w + e.dur / 1000, c + (e.tdur ?? 0) / 1000, n + 1]);
  }
  console.log(
    `changes took ${total.toFixed(0)} ms; events (wall ms, thread-CPU ms, count), nested ones counted in their own row too:`,
  );
  for (const [k, [w, c, n]] of [...byEvent].sort((a, b) => b[1][0] - a[1][0]).slice(0, Number(process.env.ROWS ?? 40)))
    console.log(`${w.toFixed(0).padStart(7)} ${c.toFixed(0).padStart(7)} ${String(n).padStart(5)}  ${k}`);
} finally {
  await browser.close();
  await server.stop();
}
