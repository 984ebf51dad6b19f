/**
 * Bench helper (#22): profiles instant mode in real Chromium — a few η changes of the default experiment
 * under CDP's sampling Profiler — and prints each change's times and the functions with the most self time.
 * Run: `npx tsx test/e2e/instant-profile.ts` after `npm run build:web -- --mode e2e`.
 */
import { selfTimeDuring, withDefaultLab } from './cdp-profile';
import { instantChange } from './instant-probe';

await withDefaultLab(
  async (page, cdp) => {
    const began = Date.now();
    const byFn = await selfTimeDuring(
      cdp,
      async () => {
        for (let i = 0; i < Number(process.env.TRIALS ?? 4); i++) {
          const p = await instantChange(page, 0, i % 2 === 0 ? -3 : -3.3);
          const times = await page.evaluate('({ ...window.__sgdLabInstant })');
          console.log(
            `change ${i}: drawn ${p.drawnMs.toFixed(0)} ms, after arrival ${p.afterArrivalMs.toFixed(0)} ms`,
            times,
          );
        }
      },
      200,
    );
    console.log(`wall ${Date.now() - began} ms`);
    for (const [k, v] of [...byFn].slice(0, 30)) console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
  },
  { instantWarm: true },
);
