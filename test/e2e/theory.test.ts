/**
 * The Theory gallery in a real browser against the real server: the gallery opens, the stationary and
 * the temperature experiments load and run live, and each theory panel draws both the measurement
 * (in the runs' colours) and the prediction (in the theory colour), with the equation typeset by KaTeX
 * and the table exported as CSV.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RESULTS, launchBrowser, startServer, type Server } from './helpers';
import { RUN_COLORS, THEORY, openTheoryExperiment, waitForColors as waitForFigureColors } from './theory-page';

const RUN0 = RUN_COLORS[0]!;
/** The dark theme's chart background, under the 1-D histogram's bars (fill-opacity 0.55). */
const DARK_BG = [0x1a, 0x1d, 0x24];
const blend = (c: number[], bg: number[], a: number) => c.map((v, i) => Math.round(a * v + (1 - a) * bg[i]!));

let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/**
 * Pixels of saturated colour (channel spread > 60: viridis, not the grey background or the text) in each
 * rectangle [x, y, width, height] of the theory figure (viewBox units), drawn at twice its size.
 */
async function mapColorCounts(rects: number[][]): Promise<number[]> {
  return page.evaluate(`(async () => {
    const svg = document.querySelector('[data-testid="theory-figure"]');
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
    URL.revokeObjectURL(url);
    return ${JSON.stringify(rects)}.map(([x, y, w, h]) => {
      const data = ctx.getImageData(x * 2, y * 2, w * 2, h * 2).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) n++;
      return n;
    });
  })()`);
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark', acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.getByText('Rosenbrock: SGD beside Adam').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Theory gallery', () => {
  it('lists the notes’ claims as experiments', async () => {
    await page.getByTestId('theory-gallery-button').click();
    const cards = page.getByTestId('theory-gallery').locator('[data-testid^="theory-card-"]');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(7);
    await page.keyboard.press('Escape');
    await page.getByTestId('theory-gallery').waitFor({ state: 'detached' });
  });

  it('stationary distribution: the histogram of the cloud under the predicted Gaussian', async () => {
    await openTheoryExperiment(page, 'stationary-1d', 'Stationary distribution (1-D)');
    await page.getByText('Theory: stationary distribution (1-D)').first().waitFor();
    // The equation is typeset by KaTeX.
    expect(await page.getByTestId('theory-equation').locator('.katex').count()).toBeGreaterThan(0);
    const counts = await waitForFigureColors(
      page,
      [blend(RUN0, DARK_BG, 0.55), THEORY],
      150,
      'histogram bars and the density',
    );
    expect(counts[0]).toBeGreaterThan(150);
    expect(counts[1]).toBeGreaterThan(150);
    await page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-stationary.png') });
    expect(pageErrors).toEqual([]);
  });

  it('learning rate as temperature: L(η) points beside the predicted line, exported as CSV', async () => {
    await openTheoryExperiment(page, 'temperature', 'Learning rate as temperature');
    // The measured points appear once the runs are past their burn-in.
    const counts = await waitForFigureColors(page, [RUN0, THEORY], 40, 'L(η) points and the predicted line');
    expect(counts[1]).toBeGreaterThan(40);
    await page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-temperature.png') });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('theory-panel').getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('temperature.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^run,eta,B,L_measured,/);
    // One row per run (8 learning rates) and a final line end.
    expect(csv.length).toBe(1 + 8 + 1);
    expect(pageErrors).toEqual([]);
  });

  it('momentum: a quick sweep runs with its progress bar and fills both heatmaps, exported as CSV', async () => {
    await openTheoryExperiment(page, 'momentum', 'Momentum’s two parameterizations');
    // The live runs paused, so that the page (software WebGL) answers a click at once.
    await page.getByRole('button', { name: 'Pause' }).click({ timeout: 30_000 });
    // The full grid (228 cells, several seconds), cancelled as soon as it runs: it stops between two
    // cells with the finished ones kept.
    await page.getByTestId('sweep-run').click();
    // (No wait for the button to be still: the page redraws after every cell.)
    await page.getByTestId('sweep-cancel').waitFor({ timeout: 30_000 });
    await page.getByTestId('sweep-cancel').click({ force: true });
    await page.locator('[data-testid="sweep-progress"]:not([data-status="running"])').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sweep-progress-text').textContent()).toMatch(/cancelled/);
    const kept = Number((await page.getByTestId('sweep-progress-text').textContent())!.split(' / ')[0]);
    expect(kept).toBeLessThan(228);
    await page.getByTestId('sweep-grid').selectOption('quick');
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('sweep-progress').waitFor({ timeout: 30_000 });
    const text = page.getByTestId('sweep-progress-text');
    await text.filter({ hasText: '54 / 54 cells · done' }).waitFor({ timeout: 150_000 });
    expect(await page.getByTestId('sweep-progress').getAttribute('data-status')).toBe('done');
    // Saturated (viridis) pixels inside each map: the SVG's maps span x 46–204 and 252–410, y 26–242.
    const counts = await mapColorCounts([
      [46, 26, 158, 216],
      [252, 26, 158, 216],
    ]);
    expect(counts[0]).toBeGreaterThan(20_000);
    expect(counts[1]).toBeGreaterThan(20_000);
    await page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-momentum.png') });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('theory-panel').getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('momentum.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('optimizer,N,lr,eta_prime,final_loss,L,L_stderr,diverged,final_loss_predicted');
    // One row per cell (3 N × 9 rates × 2 parameterizations) and a final line end.
    expect(csv.length).toBe(1 + 54 + 1);
    expect(pageErrors).toEqual([]);
  });

  it('every other experiment of the gallery opens, runs and draws its figure without a page error', async () => {
    // (batch-size after annealing: a 2-D experiment's late frame once met the new 1-D domain.)
    for (const id of [
      'double-well',
      'stationary-2d',
      'convergence',
      'annealing',
      'batch-size',
      'gradient-flow',
      'langevin-plateau',
    ]) {
      await page.getByTestId('theory-gallery-button').click();
      await page.getByTestId(`theory-card-${id}`).click();
      await page.getByTestId('theory-gallery').waitFor({ state: 'detached' });
      await page.getByTestId('theory-figure').waitFor({ timeout: 60_000 });
      // Let it play a little: the charts redraw as the runs move (a log axis over losses near 0 too).
      await page.waitForTimeout(2500);
      expect(pageErrors, id).toEqual([]);
    }
  });
});
