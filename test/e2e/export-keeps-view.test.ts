/**
 * An export leaves the live view as it was, in real Chromium against the real server: after a GIF
 * (which walks a replay of the lab's own recording in the live lab's place) the loss and η charts
 * still hold every run's history, the trails are still drawn, and a PNG exported next shows the
 * runs' lines in its loss and η panels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasPixels, changedPixels, readHook, type CanvasPixels } from './helpers';
import { openSpec, play, waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';
import { RUN_COLORS } from '../../src-renderer/src/lib/colors';
import { chartHeight } from '../../src-renderer/src/export/figure-layout';

const lab = useLab({ acceptDownloads: true, setup: ({ page }) => waitForSurface(page) });

/** Two runs into the two wells of a double well: 1,200 steps, 7 recorded (0, 200, …, 1200). */
const spec = {
  version: 1,
  seed: 3,
  steps: 1200,
  loss: {
    expr: '(x^2 - 1)^2 + y^2',
    domain: [
      [-2, 2],
      [-1.5, 1.5],
    ],
  },
  runs: [
    { name: 'left', optimizer: { type: 'sgd', lr: 0.002 }, start: [-1.9, 1.2] },
    { name: 'right', optimizer: { type: 'sgd', lr: 0.002 }, start: [1.9, -1.2] },
  ],
  record: { every: 200 },
};

const RGB = RUN_COLORS.slice(0, 2).map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

/**
 * Pixels of an image within 60 (sum over channels) of the two runs' colors, over rows [top, bottom)
 * as fractions of its height. `source` is a page expression giving a promise of the image.
 */
async function runPixels(page: Page, source: string, top = 0, bottom = 1): Promise<number> {
  return page.evaluate(`(async () => {
    const img = await (${source});
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const y0 = Math.floor(img.height * ${top});
    const data = ctx.getImageData(0, y0, img.width, Math.ceil(img.height * ${bottom}) - y0).data;
    const colors = ${JSON.stringify(RGB)};
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (colors.some(([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60)) n++;
    return n;
  })()`);
}

/** Run-colored pixels of the lab's `field` chart (uPlot's canvas). */
const chartPixels = (page: Page, field: 'loss' | 'lr') =>
  runPixels(page, `Promise.resolve(document.querySelector('[data-testid="${field}-chart"] canvas'))`);

/** Clicks the Export toolbar's `name` and returns the download's bytes once the export says it is done. */
async function exportFile(page: Page, name: string, file: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('toolbar', { name: 'Export' }).getByRole('button', { name, exact: true }).click(),
  ]);
  await page.getByText(new RegExp(`${file.replace('.', '\\.')}: .* in \\d+\\.\\d s`)).waitFor({ timeout: 60_000 });
  return readFileSync(await download.path());
}

/** Polls `read` until `ok` holds of its value or `timeout` passes; returns the last value. */
async function until<T>(page: Page, read: () => Promise<T>, ok: (v: T) => boolean, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < end) {
    await page.waitForTimeout(200);
    value = await read();
  }
  return value;
}

/** The 3D view once two reads in a row agree (its trails drawn, nothing moving). */
async function settledView(page: Page): Promise<CanvasPixels> {
  let last = await canvasPixels(page, 480);
  return until(
    page,
    async () => {
      const [prev, next] = [last, await canvasPixels(page, 480)];
      last = next;
      return { prev, next };
    },
    ({ prev, next }) => changedPixels(prev, next) === 0,
  ).then(({ next }) => next);
}

describe('an export keeps the view', () => {
  it('after a GIF the charts keep their history, the trails stay drawn, and a PNG shows both charts', async () => {
    const { page } = lab;
    await openSpec(page, 'wells.lab.json', spec);
    await waitForHook(page, (h) => h.starts[0]?.[0] === -1.9, 'the two wells');
    await waitForSurface(page);
    await page.mouse.move(0, 0);
    const trail = page.getByLabel('Trail length');
    await trail.selectOption('0');
    await waitForHook(page, (h) => h.frames > 0, 'a frame');
    const none = await canvasPixels(page, 480);
    await trail.selectOption('all');
    await play(page);
    // The runs stop at steps = 1200 by themselves.
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 120_000 });
    const before = await waitForHook(page, (h) => h.charts.every((c) => c.last === 1200), 'both runs at t = 1200');
    expect(before.charts.every((c) => c.first === 0 && c.points > 10)).toBe(true);
    const trails = await settledView(page);
    const path = changedPixels(none, trails);
    expect(path).toBeGreaterThan(150);
    const lossBefore = await chartPixels(page, 'loss');
    const lrBefore = await chartPixels(page, 'lr');
    expect(lossBefore).toBeGreaterThan(100);
    expect(lrBefore).toBeGreaterThan(100);

    await page.getByRole('combobox', { name: 'Export size' }).selectOption({ label: '960 × 540' });
    await page.getByRole('combobox', { name: 'Frames per second' }).selectOption('10');
    await exportFile(page, 'GIF', 'sgd-lab.gif');

    // The charts' data as before: every run from t = 0 to 1200 with the same points.
    const after = await waitForHook(
      page,
      (h) => JSON.stringify(h.charts) === JSON.stringify(before.charts),
      `the charts as before the export (${JSON.stringify(before.charts)})`,
      20_000,
    );
    expect(after.lastT).toEqual([1200, 1200]);
    // The trails are drawn as before (a few pixels may differ where the picture was redrawn whole).
    const view = () => canvasPixels(page, 480).then((p) => changedPixels(trails, p));
    expect(await until(page, view, (d) => d < path * 0.05)).toBeLessThan(path * 0.05);
    // The charts are drawn again with their lines.
    const loss = () => chartPixels(page, 'loss');
    const lr = () => chartPixels(page, 'lr');
    expect(await until(page, loss, (n) => n > lossBefore * 0.8)).toBeGreaterThan(lossBefore * 0.8);
    expect(await until(page, lr, (n) => n > lrBefore * 0.8)).toBeGreaterThan(lrBefore * 0.8);

    // A PNG exported next: its chart band at the bottom has both runs' lines.
    const png = await exportFile(page, 'PNG', 'sgd-lab.png');
    const blank = await lab.browser.newPage();
    try {
      const band = 1 - chartHeight(540) / 540;
      const image = `createImageBitmap(new Blob([Uint8Array.from(atob('${png.toString('base64')}'), (c) => c.charCodeAt(0))]))`;
      const lines = await runPixels(blank, image, band, 1);
      // Two lines of 2 px across the loss panel (~540 px) and the η panel (~300 px) at least.
      expect(lines).toBeGreaterThan(1000);
    } finally {
      await blank.close();
    }
    expect((await readHook(page)).charts).toEqual(before.charts);
    expect(lab.pageErrors).toEqual([]);
  });
});
