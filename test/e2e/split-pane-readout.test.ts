/**
 * Split panes at 1024×700, in real Chromium: each pane frames its surface whole (the domain's four
 * corners, where Rosenbrock is highest, project inside the pane's canvas, however narrow the pane),
 * and the hover readout stays inside the pane it reads, even with the pointer at the pane's right
 * and bottom edges (it flips to the pointer's other side instead of being cut).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForSurface } from './lab-actions';
import { type Box } from './helpers';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1024, height: 700 }, setup: ({ page }) => waitForSurface(page, 120_000) });

const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

/** The readout's box once it shows for the pointer at (x, y). */
async function readoutAt(page: Page, x: number, y: number): Promise<Box> {
  await page.mouse.move(x - 8, y - 8);
  await page.mouse.move(x, y, { steps: 3 });
  const readout = page.getByTestId('surface-readout');
  await readout.waitFor({ timeout: 30_000 });
  // Placed once its size is known (the frame after it appears).
  let box: Box | null = null;
  await expect
    .poll(
      async () => {
        const a = await readout.boundingBox();
        await page.waitForTimeout(50);
        box = await readout.boundingBox();
        return a !== null && box !== null && a.x === box.x && a.y === box.y && box.width > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return box!;
}

describe('split panes at 1024×700', () => {
  it('frame the surface whole in a narrow pane', async () => {
    const { page } = lab;
    await page.getByTestId('panes').selectOption('3');
    await page.getByTestId('pane-canvas-2').waitFor({ timeout: 60_000 });
    const main = page.getByTestId('lab-canvas');
    await expect.poll(async () => (await main.boundingBox())!.width, { timeout: 30_000 }).toBeLessThan(300);
    const box = (await main.boundingBox())!;
    console.log(`a pane of three: ${box.width.toFixed(0)} × ${box.height.toFixed(0)} px`);
    for (const corner of [
      [-2, -1],
      [2, -1],
      [-2, 3],
      [2, 3],
    ]) {
      const at = (await page.evaluate(`window.__sgdLabProject(${JSON.stringify(corner)})`)) as { x: number; y: number };
      console.log(`corner (${corner}) at (${(at.x - box.x).toFixed(0)}, ${(at.y - box.y).toFixed(0)}) in the pane`);
      expect(within({ ...at, width: 0, height: 0 }, box), `corner (${corner})`).toBe(true);
    }
  });

  it('keeps the hover readout inside its pane at the pane’s edges', async () => {
    const { page } = lab;
    const main = (await page.getByTestId('lab-canvas').boundingBox())!;
    // The surface's rightmost and lowest points on screen, from its boundary, a little inside it.
    const boundary: number[][] = [];
    for (let k = 0; k <= 40; k++)
      boundary.push([2, -1 + (4 * k) / 40], [-2 + (4 * k) / 40, -1], [-2 + (4 * k) / 40, 3]);
    const onScreen = (await page.evaluate(`${JSON.stringify(boundary)}.map((p) => window.__sgdLabProject(p))`)) as {
      x: number;
      y: number;
    }[];
    const rightmost = onScreen.reduce((a, b) => (b.x > a.x ? b : a));
    const lowest = onScreen.reduce((a, b) => (b.y > a.y ? b : a));
    const centre = { x: main.x + main.width / 2, y: main.y + main.height / 2 };
    const inward = (p: { x: number; y: number }) => ({
      x: p.x + 0.06 * (centre.x - p.x),
      y: p.y + 0.06 * (centre.y - p.y),
    });
    for (const id of ['lab-canvas', 'pane-canvas-1']) {
      // The panes are the same size and their cameras linked: a point is where the main pane has it, shifted.
      const pane = (await page.getByTestId(id).boundingBox())!;
      for (const [what, p] of [
        ['right edge', inward(rightmost)],
        ['bottom edge', inward(lowest)],
      ] as const) {
        const [x, y] = [p.x - main.x + pane.x, p.y - main.y + pane.y];
        await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
        const readout = await readoutAt(page, x, y);
        console.log(
          `${id}, pointer near the ${what} (${(x - pane.x).toFixed(0)}, ${(y - pane.y).toFixed(0)}) of ${pane.width.toFixed(0)} × ${pane.height.toFixed(0)}: readout at (${(readout.x - pane.x).toFixed(0)}, ${(readout.y - pane.y).toFixed(0)}), ${readout.width.toFixed(0)} × ${readout.height.toFixed(0)}`,
        );
        expect(within(readout, pane), `${id} near the ${what}`).toBe(true);
      }
    }
    expect(lab.pageErrors).toEqual([]);
  });
});
