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
import { coverage, meanDifference, tilePixels } from './network-probes';

const lab = useLab({ viewport: { width: 1400, height: 900 } });

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
