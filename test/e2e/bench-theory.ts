/**
 * The Theory rows of `npm run bench:render` (issue #22 item 2's goal: each gallery entry's figure
 * ≤ 2 s from opening to the full figure drawn), also runnable alone
 * (`npm run build:web -- --mode e2e && tsx test/e2e/bench-theory.ts [id,id…]`). For each entry: the card's
 * click to the second animation frame after its computed figure arrived (the e2e build's
 * `__sgdLabFigure[id]`, set as the figure is handed to the view), with the time to the figure in hand
 * (asked → reply) and the engine's own time beside it, and the machine's load. Every entry's figure
 * is computed, the momentum heatmaps' too (its sweep's quick grid as one experiment).
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { GALLERY } from '../../shared/theory/gallery';
import { machineLoad, withBenchPage } from './bench-page';

const GOAL_MS = 2000;

/** What this reads of the page's globals (this file type-checks without the DOM's types). */
interface PageGlobals {
  __sgdLabFigure?: Record<string, { ms: number; engineMs: number }>;
  requestAnimationFrame(callback: () => void): number;
}

/**
 * Opens entry `id` from the gallery and returns the ms from the card's click to its figure drawn: the
 * figure in hand (polled each animation frame), then two more frames (the view has drawn it).
 */
async function openAndTime(page: Page, id: string): Promise<{ ms: number; inHandMs: number; engineMs: number }> {
  await page.evaluate((key) => {
    const figures = (globalThis as unknown as PageGlobals).__sgdLabFigure;
    if (figures) delete figures[key];
  }, id);
  await page.getByTestId('theory-gallery-button').click();
  await page.getByTestId('theory-gallery').waitFor();
  const clicked = Date.now();
  await page.getByTestId(`theory-card-${id}`).click();
  try {
    // A function, not a string: the page's CSP forbids evaluating strings.
    await page.waitForFunction((key) => (globalThis as unknown as PageGlobals).__sgdLabFigure?.[key], id, {
      polling: 'raf',
      timeout: 60_000,
    });
  } catch (error) {
    console.log(`${id}: no figure within 60 s (${String(error).split('\n')[0]})`);
    return { ms: NaN, inHandMs: NaN, engineMs: NaN };
  }
  await page.evaluate(
    () =>
      new Promise((done) => {
        const raf = (globalThis as unknown as PageGlobals).requestAnimationFrame;
        raf(() => raf(() => done(null)));
      }),
  );
  const ms = Date.now() - clicked;
  const timing = await page.evaluate((key) => (globalThis as unknown as PageGlobals).__sgdLabFigure?.[key], id);
  return { ms, inHandMs: timing?.ms ?? NaN, engineMs: timing?.engineMs ?? NaN };
}

/** One line per gallery entry (those in `only`, if given), then the load and how many met the goal. */
export async function benchTheory(page: Page, only?: readonly string[]): Promise<string[]> {
  const rows = [
    `Theory gallery: opening an entry → its full figure drawn (goal ≤ ${GOAL_MS} ms each; ${machineLoad()})`,
  ];
  let met = 0;
  const entries = GALLERY.filter((e) => !only || only.includes(e.id));
  for (const entry of entries) {
    const { ms, inHandMs, engineMs } = await openAndTime(page, entry.id);
    const verdict = ms <= GOAL_MS ? 'ok' : 'over';
    if (ms <= GOAL_MS) met++;
    const detail = `in hand ${inHandMs.toFixed(0)} ms, engine ${engineMs.toFixed(0)} ms`;
    rows.push(`  ${entry.id.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  (${detail}) ${verdict}`);
  }
  rows.push(`  ${met} of ${entries.length} within ${GOAL_MS} ms (${machineLoad()})`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await withBenchPage(async (page) => {
    const only = process.argv[2]?.split(',');
    for (const row of await benchTheory(page, only)) console.log(row);
  });
}
