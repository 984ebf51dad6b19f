/**
 * The network rows of `npm run bench:render` (issue #21's speed goals), also runnable alone
 * (`npm run build:web -- --mode e2e && tsx test/e2e/bench-network.ts`): the two-moons preset picked in
 * the loss panel, SGD beside Adam, frame times paused and while playing with the 64² Decision function
 * updating (goal: p95 ≤ 33 ms on the software renderer), with how often the decision tile was redrawn
 * and how far the runs got; then the landscape plane (bench-plane.ts): the time from the Plane picker's
 * change to its first grid drawn (goal ≤ 1 s), paused and while playing.
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { measureFrames, type FrameTiming } from './fps-probe';
import { machineLoad, withBenchPage } from './bench-page';
import { pauseIfPlaying, play } from './lab-actions';
import { planeLatency } from './bench-plane';

/** Counts the page's 64 × 64 `putImageData` calls (one per decision tile drawn) from now on. */
function countDecisionDraws(page: Page): Promise<unknown> {
  return page.evaluate(`(() => {
    if (window.__benchDraws !== undefined) return;
    window.__benchDraws = 0;
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (image, ...rest) {
      if (image.width === 64 && image.height === 64) window.__benchDraws++;
      return put.call(this, image, ...rest);
    };
  })()`);
}

const draws = (page: Page) => page.evaluate('window.__benchDraws') as Promise<number>;

/** Each run's t as the status table shows it (rows `status-0`, `status-1`, …; t is the second cell). */
async function shownT(page: Page, runs: number): Promise<number[]> {
  const cell = (i: number) => page.getByTestId(`status-${i}`).locator('td').nth(1).textContent();
  return Promise.all(Array.from({ length: runs }, async (_, i) => Number((await cell(i))?.replace(/,/g, ''))));
}

const fmt = (t: FrameTiming) =>
  `${t.fps.toFixed(1)} fps, p95 ${t.p95Ms.toFixed(1)} ms, worst ${t.worstMs.toFixed(0)} ms`;

/** The network rows, on a page of the lab (any experiment open); returns the lines to print. */
export async function benchNetwork(page: Page, windowMs: number): Promise<string[]> {
  const lines: string[] = [];
  const opened = Date.now();
  await page.getByLabel('Loss preset').selectOption('network:two-moons');
  await page.getByText('Two moons: SGD beside Adam on one network').first().waitFor({ timeout: 120_000 });
  await page.getByLabel('steps', { exact: true }).fill('100000000');
  await page.getByLabel('steps', { exact: true }).press('Tab');
  await page.getByRole('img', { name: 'Decision function' }).waitFor({ timeout: 120_000 });
  const status = page.getByTestId('plane-status');
  await status.and(page.locator('[data-resolution="201"]')).waitFor({ timeout: 300_000 });
  lines.push(`two moons (2-16-16-1 tanh, SGD beside Adam): preset picked → 201² plane shown ${Date.now() - opened} ms`);
  await countDecisionDraws(page);

  const paused = await measureFrames(page, windowMs);
  await play(page);
  await page.waitForTimeout(500);
  const [t0, d0, c0] = [await shownT(page, 2), await draws(page), Date.now()];
  const playing = await measureFrames(page, windowMs);
  const [t1, d1, c1] = [await shownT(page, 2), await draws(page), Date.now()];
  const planeNow = ((await status.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const seconds = (c1 - c0) / 1000;
  lines.push(
    `two moons, 2 runs playing, 64² Decision function updating\n  paused:  ${fmt(paused)}\n  playing: ${fmt(playing)}` +
      `\n  decision tile drawn ${((d1 - d0) / seconds).toFixed(1)}/s; steps ${t1.map((t, i) => `${((t - (t0[i] ?? 0)) / seconds) | 0}/s`).join(', ')} (t = ${t1.join(', ')})` +
      `; plane after the window: ${planeNow}\n  ratio playing/paused fps: ${(playing.fps / paused.fps).toFixed(2)}`,
  );

  // The plane: picker changes → first grid drawn, paused and while playing (bench-plane.ts).
  await pauseIfPlaying(page);
  lines.push('landscape plane, Plane picker → first grid drawn', ...(await planeLatency(page, paused)));
  return lines;
}

// Alone: its own server and browser.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`before: ${machineLoad()}`);
  await withBenchPage(async (page) => {
    const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 4000);
    // The reference under the same load: the default experiment (a formula, 2 runs) paused and playing.
    await page.getByLabel('steps', { exact: true }).fill('100000000');
    await page.getByLabel('steps', { exact: true }).press('Tab');
    const paused = await measureFrames(page, windowMs);
    await play(page);
    await page.waitForTimeout(500);
    const playing = await measureFrames(page, windowMs);
    await pauseIfPlaying(page);
    console.log(`default experiment (a formula, 2 runs)\n  paused:  ${fmt(paused)}\n  playing: ${fmt(playing)}`);
    for (const l of await benchNetwork(page, windowMs)) console.log(l);
    console.log(`after: ${machineLoad()}`);
  });
}
