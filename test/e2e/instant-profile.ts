/**
 * Bench helper (#22): profiles instant mode in real Chromium — a few η changes of the default experiment
 * under CDP's sampling Profiler — and prints each change's times and the functions with the most self time.
 * Run: `npx tsx test/e2e/instant-profile.ts` after `npm run build:web -- --mode e2e`.
 */
import { launchBrowser, startServer } from './helpers';
import { instantChange } from './instant-probe';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
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
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const began = Date.now();
  for (let i = 0; i < Number(process.env.TRIALS ?? 4); i++) {
    const p = await instantChange(page, 0, i % 2 === 0 ? -3 : -3.3);
    const times = await page.evaluate('({ ...window.__sgdLabInstant })');
    console.log(
      `change ${i}: drawn ${p.drawnMs.toFixed(0)} ms, after arrival ${p.afterArrivalMs.toFixed(0)} ms`,
      times,
    );
  }
  const wall = Date.now() - began;
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  console.log(`wall ${wall} ms`);
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
} finally {
  await browser.close();
  await server.stop();
}
