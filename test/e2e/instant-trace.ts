/**
 * Bench helper (#22): η changes of the default experiment in instant mode under a Chrome trace, the
 * busy time per thread and event name over the changes (renderer main thread, compositor, GPU
 * process, SwiftShader), so the cost between a result's arrival and its frame is named.
 * Run: `npx tsx test/e2e/instant-trace.ts` after `npm run build:web -- --mode e2e`.
 */
import { loadavg } from 'node:os';
import { busyByEvent, traceDuring, withDefaultLab } from './cdp-profile';
import { instantChange } from './instant-probe';

await withDefaultLab(
  async (page, cdp) => {
    const trials = Number(process.env.TRIALS ?? 4);
    let total = 0;
    const categories =
      process.env.TRACE_CATEGORIES ?? 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,gpu,viz,cc';
    const events = await traceDuring(cdp, categories, async () => {
      for (let i = 0; i < trials; i++) {
        const p = await instantChange(page, 0, i % 2 === 0 ? -3 : -3.3);
        total += p.drawnMs;
        console.log(
          `change ${i} (load ${loadavg()[0]!.toFixed(1)}): drawn ${p.drawnMs.toFixed(0)} ms, after arrival ${p.afterArrivalMs.toFixed(0)} ms`,
        );
      }
    });
    console.log(
      `changes took ${total.toFixed(0)} ms; events (wall ms, thread-CPU ms, count), nested ones counted in their own row too:`,
    );
    for (const [k, [w, c, n]] of [...busyByEvent(events)].slice(0, Number(process.env.ROWS ?? 40)))
      console.log(`${w.toFixed(0).padStart(7)} ${c.toFixed(0).padStart(7)} ${String(n).padStart(5)}  ${k}`);
  },
  { instantWarm: true },
);
