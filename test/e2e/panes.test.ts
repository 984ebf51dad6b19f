/**
 * Split panes, in real Chromium against the real server: each pane reads L(Φ) under the pointer and
 * shows its own run's start handle, which drags that run's start (and no other); an exported figure
 * shows every pane, not only the first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readHook } from './helpers';
import { waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';
import { viewRect } from '../../src-renderer/src/export/figure-layout';

const lab = useLab({ viewport: { width: 1400, height: 860 }, setup: ({ page }) => waitForSurface(page) });

/** The default experiment's loss, Rosenbrock's valley. */
const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

async function exportPng(page: Page): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('toolbar', { name: 'Export' }).getByRole('button', { name: 'PNG', exact: true }).click(),
  ]);
  return readFileSync(await download.path());
}

/**
 * Mean difference (0–255 a channel) between the left and the right half of the 3-D view in an
 * exported figure whose view is `aspect` wide for 1 high: small when the halves show the same picture.
 */
async function halvesDiffer(page: Page, png: Buffer, aspect: number): Promise<number> {
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const r = viewRect(width, height, aspect, 1);
  return (await page.evaluate(`(async () => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(png.toString('base64'))}), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = document.createElement('canvas');
    [c.width, c.height] = [bitmap.width, bitmap.height];
    const ctx = c.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const half = Math.floor(${r.w} / 2);
    const [x, y, h] = [Math.round(${r.x}), Math.round(${r.y}), Math.floor(${r.h})];
    const a = ctx.getImageData(x, y, half, h).data;
    const b = ctx.getImageData(x + Math.round(${r.w} - half), y, half, h).data;
    let sum = 0;
    for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
    return sum / (3 * (a.length / 4));
  })()`)) as number;
}

describe('split panes', () => {
  it('reads L(Φ) in the second pane and drags its run’s start there', async () => {
    const { page } = lab;
    await page.getByTestId('panes').selectOption('2');
    const pane = page.getByTestId('pane-canvas-1');
    await pane.waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const box = (await pane.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 - 5, box.y + box.height / 2 - 5);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    const readout = page.locator('[data-testid="surface-readout"]');
    await readout.waitFor({ timeout: 60_000 });
    const phi = ((await readout.getAttribute('data-phi')) ?? '').split(',').map(Number);
    const loss = Number(await readout.getAttribute('data-loss'));
    console.log(`pane 2 readout: Φ = ${phi}, L = ${loss} (formula ${rosenbrock(phi[0]!, phi[1]!)})`);
    expect(loss).toBeCloseTo(rosenbrock(phi[0]!, phi[1]!), 0);
    expect(Math.abs(loss - rosenbrock(phi[0]!, phi[1]!))).toBeLessThan(0.02 * (1 + loss));

    // Adam's handle is in pane 2, where the main pane has SGD's: the cameras are linked and the panes
    // the same size, so a point is where the main pane projects it, shifted by the panes' offset.
    const before = (await readHook(page)).starts;
    const main = (await page.getByTestId('lab-canvas').boundingBox())!;
    const at = (await page.evaluate(`window.__sgdLabProject(${JSON.stringify(before[1])})`)) as {
      x: number;
      y: number;
    };
    const [x, y] = [at.x + box.x - main.x, at.y + box.y - main.y];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 40, y + 25, { steps: 6 });
    await page.mouse.up();
    const after = await waitForHook(page, (h) => h.starts[1]!.join() !== before[1]!.join(), 'Adam’s new start');
    console.log(`Adam's start: ${before[1]} → ${after.starts[1]}; SGD's stays ${after.starts[0]}`);
    expect(after.starts[0]).toEqual(before[0]);
    expect(lab.pageErrors).toEqual([]);
  });

  it('exports every pane: the figure’s view shows the same surface twice', async () => {
    const { page } = lab;
    await page.getByRole('combobox', { name: 'Export size' }).selectOption({ label: '1280 × 720' });
    const grid = (await page.locator('[data-view-grid]').boundingBox())!;
    const split = await halvesDiffer(page, await exportPng(page), grid.width / grid.height);
    await page.getByTestId('panes').selectOption('1');
    await expect.poll(() => page.getByTestId('pane-canvas-1').count()).toBe(0);
    await page.waitForTimeout(500);
    const main = (await page.getByTestId('lab-canvas').boundingBox())!;
    const overlay = await halvesDiffer(page, await exportPng(page), main.width / main.height);
    console.log(`halves of the view differ by ${split.toFixed(1)} split in two, ${overlay.toFixed(1)} as one view`);
    expect(split).toBeLessThan(overlay / 2);
    expect(lab.pageErrors).toEqual([]);
  });
});
