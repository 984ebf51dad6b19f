/**
 * The landscape plane's latency row of `npm run bench:render` (issue #21: "the first plane appears
 * ≤ 1 s after asking; a 201² plane refines in the background"), also runnable alone
 * (`npm run build:web -- --mode e2e && tsx test/e2e/bench-plane.ts`): on the two-moons network (SGD
 * beside Adam), from the Plane picker's change to the animation frame after its first (coarse) grid is
 * drawn, `PLANE_TRIALS` times alternating random and PCA, paused (after t = 50, once the paths have
 * spread) and while playing; and from picking the network in the loss panel to its first plane drawn. Printed with the machine's load and beside
 * the paused frame time p95 measured in the same run (the same-load baseline).
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { measureFrames, type FrameTiming } from './fps-probe';
import { machineLoad, withBenchPage } from './bench-page';
import { pauseIfPlaying, play, waitForHook } from './lab-actions';

const TRIALS = Number(process.env.PLANE_TRIALS ?? 6);

/**
 * Picks plane `kind` in the Plane picker (in the page, so the clock starts with the change) and
 * resolves with the ms until the animation frame after a grid of that kind is shown (−1: none in 120 s).
 */
export function askPlane(page: Page, kind: string): Promise<number> {
  return page.evaluate(`new Promise((done) => {
    const status = document.querySelector('[data-testid="plane-status"]');
    const select = document.querySelector('[data-testid="plane-kind"]');
    const shown = () => status.getAttribute('data-kind') === ${JSON.stringify(kind)} && Number(status.getAttribute('data-resolution')) > 0;
    let finished = false;
    const observer = new MutationObserver(() => {
      if (finished || !shown()) return;
      finished = true;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - asked)));
    });
    observer.observe(status, { attributes: true });
    setTimeout(() => { if (!finished) { finished = true; observer.disconnect(); done(-1); } }, 120000);
    const asked = performance.now();
    select.value = ${JSON.stringify(kind)};
    select.dispatchEvent(new Event('change', { bubbles: true }));
  })`);
}

/** Median and worst of `ms` (−1: a trial that never showed its plane), as text. */
function summary(ms: number[]): string {
  const ok = ms.filter((v) => v >= 0).sort((a, b) => a - b);
  const missed = ms.length - ok.length;
  const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
  return ok.length
    ? `median ${s(ok[ok.length >> 1]!)}, worst ${s(ok.at(-1)!)} over ${ok.length}${missed ? ` (${missed} never shown)` : ''}`
    : 'never shown';
}

/** `TRIALS` picker changes alternating random and PCA; each one's time to its first grid drawn. */
async function trials(page: Page): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < TRIALS; i++) out.push(await askPlane(page, i % 2 === 0 ? 'random' : 'pca'));
  return out;
}

/**
 * The picker rows on a page showing the network (its plane refined), paused: `TRIALS` changes paused,
 * then `TRIALS` while playing; `baseline` is the paused frame timing of the same page.
 */
export async function planeLatency(page: Page, baseline: FrameTiming): Promise<string[]> {
  const paused = await trials(page);
  await play(page);
  await page.waitForTimeout(500);
  const playing = await trials(page);
  await pauseIfPlaying(page);
  return [
    `  Plane picker → first grid drawn (goal ≤ 1 s; paused frame p95 ${baseline.p95Ms.toFixed(1)} ms beside it), paused:  ${summary(paused)}`,
    `  Plane picker → first grid drawn (goal ≤ 1 s), playing: ${summary(playing)}`,
  ];
}

/** The rows, on a page of the lab (any experiment open); returns the lines to print. */
export async function benchPlane(page: Page, windowMs: number): Promise<string[]> {
  const status = page.getByTestId('plane-status');
  const picked = Date.now();
  await page.getByLabel('Loss preset').selectOption('network:two-moons');
  await status.and(page.locator('[data-resolution]:not([data-resolution="0"])')).waitFor({ timeout: 300_000 });
  const opened = Date.now() - picked;
  await page.getByLabel('steps', { exact: true }).fill('100000000');
  await page.getByLabel('steps', { exact: true }).press('Tab');
  await status.and(page.locator('[data-resolution="201"]')).waitFor({ timeout: 300_000 });
  const refined = Date.now() - picked;
  // Trained a little first: before the paths spread, PCA is answered with the random plane (live-plane.ts).
  await play(page);
  await waitForHook(page, (h) => h.lastT.length === 2 && h.lastT.every((t) => t >= 50), 'both runs past t = 50');
  await pauseIfPlaying(page);
  const baseline = await measureFrames(page, windowMs);
  return [
    `landscape plane, two moons (2-16-16-1 tanh, SGD beside Adam)`,
    `  network picked → first plane drawn ${(opened / 1000).toFixed(2)} s, → 201² ${(refined / 1000).toFixed(1)} s`,
    ...(await planeLatency(page, baseline)),
  ];
}

// Alone: its own server and browser.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`before: ${machineLoad()}`);
  await withBenchPage(async (page) => {
    for (const l of await benchPlane(page, Number(process.env.BENCH_WINDOW_MS ?? 3000))) console.log(l);
    console.log(`after: ${machineLoad()}`);
  });
}
