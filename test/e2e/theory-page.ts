/**
 * What the Theory gallery's e2e tests share: the colours the views draw with, opening a gallery
 * experiment, counting pixels of colours in the theory figure (its SVG drawn at twice its size, in
 * the page), downloading the panel's CSV and polling until a reading is good.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Colours the views draw with (src-renderer/src/theory/chart.ts, src-renderer/src/lib/colors.ts). */
export const THEORY = [0x10, 0xb3, 0xa3];
export const BOLTZMANN = [0xf2, 0xb7, 0x05];
export const RUN_COLORS = [
  [0xe6, 0x19, 0x4b],
  [0xdd, 0x6f, 0x0f],
  [0xc4, 0x3b, 0xd6],
];

/**
 * Leaves the lab paused, however far its runs got: waits until the transport shows its state (Play or
 * Pause), and clicks Pause only while Pause is shown. Runs that ended before this looked (a loaded
 * machine) are already paused; a click that met the button just as the runs ended is seen on the next
 * turn (it played them on) and paused again. Waits on the button's state, never on time.
 */
export async function pauseRuns(page: Page): Promise<void> {
  const playButton = page.getByRole('button', { name: 'Play', exact: true });
  const pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
  for (;;) {
    await playButton.or(pauseButton).first().waitFor({ timeout: 120_000 });
    if (await playButton.isVisible()) return;
    // It may turn into Play between the look and the click (the runs ended): the next turn sees it.
    await pauseButton.click({ timeout: 10_000 }).catch(() => undefined);
  }
}

/**
 * Opens gallery experiment `id` and waits for its computed figure (and, given, its panel's heading),
 * without Play: the figure is computed headless.
 */
export async function openTheoryFigure(page: Page, id: string, title?: string): Promise<void> {
  await page.getByTestId('theory-gallery-button').click();
  await page.getByTestId('theory-gallery').waitFor();
  await page.getByTestId(`theory-card-${id}`).click();
  await page.getByTestId('theory-gallery').waitFor({ state: 'detached' });
  if (title) await page.getByTestId('theory-panel').getByRole('heading', { name: title }).waitFor();
  await page.getByTestId('theory-figure').waitFor({ timeout: 60_000 });
}

/** Opens gallery experiment `id`, then replays it live in the lab (as the gallery did before it computed figures). */
export async function openTheoryExperiment(page: Page, id: string, title?: string): Promise<void> {
  await openTheoryFigure(page, id, title);
  const replay = page.getByTestId('theory-panel').getByRole('button', { name: 'Replay live' });
  if (id === 'momentum') return; // its heatmaps run a sweep in the lab: no computed figure
  await replay.click();
  await page.getByTestId('figure-status').getByText('Live:').waitFor({ timeout: 60_000 });
  await page.getByTestId('theory-figure').waitFor({ timeout: 60_000 });
}

/**
 * Page-side script (in an async function, with `svg` the theory figure): draws the figure at twice its
 * size into `ctx`, the 2-D context of a canvas `c`.
 */
const DRAW_FIGURE_TWICE = `
    const box = svg.viewBox.baseVal;
    const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = box.width * 2;
    c.height = box.height * 2;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0, c.width, c.height);
    URL.revokeObjectURL(url);`;

/** How many pixels of the theory figure lie within `tolerance` (sum over channels) of each colour. */
export async function figureColorCounts(page: Page, colors: number[][], tolerance = 30): Promise<number[]> {
  return page.evaluate(`(async () => {
    const svg = document.querySelector('[data-testid="theory-figure"]');
    if (!svg) return ${JSON.stringify(colors.map(() => 0))};
    ${DRAW_FIGURE_TWICE}
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const colors = ${JSON.stringify(colors)};
    const counts = colors.map(() => 0);
    for (let i = 0; i < data.length; i += 4)
      colors.forEach((col, k) => {
        if (Math.abs(data[i] - col[0]) + Math.abs(data[i + 1] - col[1]) + Math.abs(data[i + 2] - col[2]) <= ${tolerance}) counts[k]++;
      });
    return counts;
  })()`);
}

/**
 * Pixels of saturated colour (channel spread > 60: viridis, not the grey background or the text) in each
 * rectangle [x, y, width, height] of the theory figure (viewBox units), drawn at twice its size.
 */
export async function figureSaturatedCounts(page: Page, rects: number[][]): Promise<number[]> {
  return page.evaluate(`(async () => {
    const svg = document.querySelector('[data-testid="theory-figure"]');
    ${DRAW_FIGURE_TWICE}
    return ${JSON.stringify(rects)}.map(([x, y, w, h]) => {
      const data = ctx.getImageData(x * 2, y * 2, w * 2, h * 2).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) n++;
      return n;
    });
  })()`);
}

/** Clicks the theory panel's CSV button: the download's file name and its lines (split at CRLF). */
export async function downloadTheoryCsv(page: Page): Promise<{ name: string; lines: string[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('theory-panel').getByRole('button', { name: 'CSV' }).click(),
  ]);
  return { name: download.suggestedFilename(), lines: readFileSync(await download.path(), 'utf8').split('\r\n') };
}

/** Reads until `ok` holds (every 250 ms), failing with the last reading after `timeout` ms. */
export async function pollUntil<T>(
  page: Page,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeout = 120_000,
): Promise<T> {
  const end = Date.now() + timeout;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await page.waitForTimeout(250);
    v = await read();
  }
  return v;
}

/** Polls until the figure shows at least `min` pixels of every colour. */
export function waitForColors(
  page: Page,
  colors: number[][],
  min: number,
  what: string,
  timeout = 150_000,
): Promise<number[]> {
  return pollUntil(
    page,
    () => figureColorCounts(page, colors),
    (counts) => counts.every((n) => n >= min),
    `${what} (pixel counts per colour)`,
    timeout,
  );
}
