/**
 * The decision function of a network, in real Chromium against the real server (#21 items 1, 3):
 * picking the two-moons preset in the loss panel and pressing Play fills the "Decision function" view
 * (a heat map over nearly every pixel, not the bare background) and the picture changes as the runs
 * train (one Step from the start against 1000 steps on); a CSV (x1, x2, label) uploaded through the network's data picker trains as a network (its
 * training loss falls) and is drawn in the same view.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readHook } from './helpers';
import { pauseIfPlaying, play, waitForHook } from './lab-actions';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1400, height: 900 } });

/** The background of an empty tile (#f4f5f7): a pixel far from it is heat map or a point. */
const BACKGROUND = [0xf4, 0xf5, 0xf7];

/** What the test reads of a 2-D canvas in the page. */
interface Canvas2d {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** The first tile's RGB pixels (row-major), read from its 2-D canvas. */
async function tilePixels(page: Page): Promise<number[]> {
  const tile = page.getByRole('img', { name: 'Decision function' }).locator('canvas').first();
  await tile.waitFor({ timeout: 60_000 });
  // Typed here: the page's DOM types are not the test's.
  return tile.evaluate((element) => {
    const c = element as unknown as Canvas2d;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const rgb: number[] = [];
    for (let i = 0; i < data.length; i += 4) rgb.push(data[i]!, data[i + 1]!, data[i + 2]!);
    return rgb;
  });
}

/** The share of pixels away from the background (channel sum over 24) and the brightness sd. */
function coverage(rgb: number[]): { covered: number; sd: number } {
  let covered = 0;
  let s = 0;
  let s2 = 0;
  const n = rgb.length / 3;
  for (let i = 0; i < rgb.length; i += 3) {
    const d =
      Math.abs(rgb[i]! - BACKGROUND[0]!) +
      Math.abs(rgb[i + 1]! - BACKGROUND[1]!) +
      Math.abs(rgb[i + 2]! - BACKGROUND[2]!);
    if (d > 24) covered++;
    const y = 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
    s += y;
    s2 += y * y;
  }
  return { covered: covered / n, sd: Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2)) };
}

/** The mean absolute difference per channel between two reads. */
function meanDifference(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
}

/** Run 0's loss cell in the status table. */
const lossCell = async (page: Page) =>
  Number((await page.getByTestId('status-0').locator('td').nth(3).textContent())!.replace(/,/g, ''));

describe('the decision function', () => {
  it('two moons: Play fills the view and the picture changes as the runs train', async () => {
    const { page } = lab;
    await page.getByLabel('Loss preset').selectOption('network:two-moons');
    await page.getByText('Two moons: SGD beside Adam on one network').first().waitFor({ timeout: 60_000 });
    await page.getByRole('img', { name: 'Decision function' }).waitFor({ timeout: 60_000 });
    await play(page);
    await waitForHook(
      page,
      (h) => h.lastT.length === 2 && h.lastT.every((t) => t >= 20),
      'both runs past t = 20',
      120_000,
    );
    await expect.poll(async () => coverage(await tilePixels(page)).covered, { timeout: 30_000 }).toBeGreaterThan(0.9);
    const stats = coverage(await tilePixels(page));
    console.log(
      `decision function playing: ${(100 * stats.covered).toFixed(1)} % covered, brightness sd ${stats.sd.toFixed(1)}`,
    );
    expect(stats.sd).toBeGreaterThan(5);

    // From the start again, one Step (a few steps: the network still near Φ₀), then 1000 steps of play.
    await pauseIfPlaying(page);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await waitForHook(page, (h) => h.lastT.every((t) => t === 0), 'both runs back at t = 0', 60_000);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForHook(page, (h) => h.lastT.every((t) => t > 0), 'both runs one Step on', 60_000);
    const stepT = (await readHook(page)).lastT[0]!;
    await expect.poll(async () => coverage(await tilePixels(page)).covered, { timeout: 30_000 }).toBeGreaterThan(0.9);
    const early = await tilePixels(page);
    await play(page);
    await waitForHook(page, (h) => h.lastT.every((t) => t >= 1000), 'both runs past t = 1000', 180_000);
    await pauseIfPlaying(page);
    let change = 0;
    await expect
      .poll(async () => (change = meanDifference(early, await tilePixels(page))), { timeout: 30_000 })
      .toBeGreaterThan(4);
    console.log(`decision function t = ${stepT} → t ≥ 1000: mean |Δ| ${change.toFixed(1)} per channel`);
    await pauseIfPlaying(page);
    expect(lab.pageErrors).toEqual([]);
  });

  it('an uploaded CSV (x1, x2, label) trains as a network', async () => {
    const { page } = lab;
    await page.getByLabel('Loss preset').selectOption('network:custom');
    await page.getByLabel('Network data').waitFor({ timeout: 60_000 });
    await page.getByLabel('Network data').selectOption('csv');
    // Two Gaussian-free clusters, label 1 where x1 + x2 > 0: separable, so the loss must fall.
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 80; i++) {
      const a = Math.cos(i * 2.399) * (0.3 + (i % 7) / 7);
      const b = Math.sin(i * 2.399) * (0.3 + (i % 5) / 5);
      rows.push(`${a.toFixed(4)},${b.toFixed(4)},${a + b > 0 ? 1 : 0}`);
    }
    await page
      .getByTestId('data-input')
      .setInputFiles({ name: 'clusters.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
    await page.getByLabel('Target column').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Target column').inputValue()).toBe('label');
    await page
      .getByTestId('data-preview')
      .filter({ hasText: '64 training + 16 test rows' })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('img', { name: 'Decision function' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => lossCell(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const before = await lossCell(page);
    await play(page);
    await waitForHook(page, (h) => h.lastT.length > 0 && h.lastT[0]! >= 300, 'run 0 past t = 300', 180_000);
    await pauseIfPlaying(page);
    const after = await lossCell(page);
    console.log(`uploaded CSV network: loss ${before} at t = 0 → ${after}`);
    expect(after).toBeLessThan(0.8 * before);
    expect(coverage(await tilePixels(page)).covered).toBeGreaterThan(0.9);
    expect(lab.pageErrors).toEqual([]);
  });
});
