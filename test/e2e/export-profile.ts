/**
 * Bench helper (#22 item 6): profiles a 1280 × 720 WebM export of a 150-step replay under CDP's
 * sampling Profiler and prints the export's time, the page's longest rAF gap, and the functions with
 * the most self and total time. Run: `npx tsx test/e2e/export-profile.ts` after
 * `npm run build:web -- --mode e2e` (and `npm run build:cli`).
 */
import { loadavg } from 'node:os';
import { launchBrowser, startServer } from './helpers';
import { makeRecording } from './recording-fixture';
import { exportSettings, openRecording, timedExport } from './export-speed-probe';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const made = makeRecording(3, 447);
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'dark',
    acceptDownloads: true,
  });
  await page.goto(server.url);
  await openRecording(page, made.text);
  await exportSettings(page, '1280 × 720', 15);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const load = loadavg()[0]!;
  const run = await timedExport(page, process.env.FORMAT ?? 'WebM');
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  };
  console.log(
    `${run.seconds.toFixed(1)} s = ${(run.seconds / 10).toFixed(2)}× of 10 s; rAF ${run.rafFrames}, longest gap ${run.maxGapMs.toFixed(0)} ms; ` +
      `gaps ${run.gaps.slice(0, 12).join(', ')}; load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`long frames:\n  ${run.longFrames.join('\n  ')}`);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<number, number>();
  const sum = (id: number): number => {
    const n = byId.get(id)!;
    const t = (self.get(id) ?? 0) + (n.children ?? []).reduce((s, c) => s + sum(c), 0);
    total.set(id, t);
    return t;
  };
  sum(profile.nodes[0]!.id);
  const key = (n: Node) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  const bySelf = new Map<string, number>();
  const byTotal = new Map<string, number>();
  for (const n of profile.nodes) {
    bySelf.set(key(n), (bySelf.get(key(n)) ?? 0) + (self.get(n.id) ?? 0));
    byTotal.set(key(n), (byTotal.get(key(n)) ?? 0) + (total.get(n.id) ?? 0));
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([f, v]) => `${v.toFixed(0).padStart(7)} ms  ${f}`)
      .join('\n');
  console.log(`self:\n${top(bySelf, 25)}\ntotal:\n${top(byTotal, 40)}`);
  // Busy stretches (no idle sample for over 120 ms): where the page's long tasks went.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let at = 0;
  let from = -1;
  let stretch: number[] = [];
  const report = (end: number) => {
    if (end - from < 120) return;
    const inclusive = new Map<string, number>();
    for (const id of stretch) {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const k = key(byId.get(n)!);
        if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + 1);
        seen.add(k);
      }
    }
    const busiest = [...inclusive].sort((a, b) => b[1] - a[1]).slice(1, from < 3000 ? 25 : 9);
    console.log(
      `busy ${from.toFixed(0)}+${(end - from).toFixed(0)} ms: ${busiest.map(([f, c]) => `${f} ${((100 * c) / stretch.length).toFixed(0)}%`).join(' | ')}`,
    );
  };
  profile.samples.forEach((id, i) => {
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    const idle = byId.get(id)!.callFrame.functionName === '(idle)';
    if (idle) {
      if (from >= 0) report(at);
      from = -1;
      stretch = [];
    } else {
      if (from < 0) from = at;
      stretch.push(id);
    }
  });
} finally {
  await browser.close();
  await server.stop();
}
