/**
 * The Theory panel shares the screen with the 3-D view at 1024×700: a region named "Theory" beside
 * the canvas (the boxes do not overlap, both have an area), its title whole (not cut), and resizable
 * from its edge: wider by the separator's arrow keys and narrower by a drag, the view still beside it.
 */
import { describe, expect, it } from 'vitest';
import { waitForSurface } from './lab-actions';
import { overlaps, type Box } from './helpers';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1024, height: 700 }, setup: ({ page }) => waitForSurface(page, 120_000) });

const inside = (b: Box) => b.x >= 0 && b.y >= 0 && b.x + b.width <= 1024.5 && b.y + b.height <= 700.5;

describe('the Theory panel beside the view', () => {
  it('is a region beside the 3-D view at 1024×700, its title whole, resizable', async () => {
    const { page } = lab;
    await page.getByTestId('theory-gallery-button').click();
    await page.getByTestId('theory-card-stationary-1d').click();
    const region = page.getByRole('region', { name: 'Theory' });
    await region.getByRole('heading').waitFor({ timeout: 60_000 });
    const canvas = page.getByTestId('lab-canvas');
    const boxes = async () => ({ theory: (await region.boundingBox())!, view: (await canvas.boundingBox())! });

    let b = await boxes();
    console.log(`1024×700: view ${JSON.stringify(b.view)}, theory ${JSON.stringify(b.theory)}`);
    for (const box of [b.view, b.theory]) {
      expect(box.width * box.height).toBeGreaterThan(0);
      expect(inside(box), JSON.stringify(box)).toBe(true);
    }
    expect(b.view.width).toBeGreaterThan(300);
    expect(b.view.height).toBeGreaterThan(300);
    expect(overlaps(b.view, b.theory)).toBe(false);

    // The title is not cut: its text fits its box (no ellipsis, no hidden overflow).
    const title = await region
      .getByRole('heading')
      .evaluate((h: { scrollWidth: number; clientWidth: number; textContent: string | null }) => ({
        s: h.scrollWidth,
        c: h.clientWidth,
        t: h.textContent,
      }));
    console.log(`title "${title.t}": ${title.s} px of text in ${title.c} px`);
    expect(title.s).toBeLessThanOrEqual(title.c);

    // Wider by a press of ← on its edge (20 px); the view narrows and stays beside it.
    const handle = region.getByRole('separator', { name: 'Resize the theory panel' });
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await region.boundingBox())!.width).toBeCloseTo(b.theory.width + 20, 0);
    const keyed = await boxes();
    expect(keyed.view.width).toBeLessThan(b.view.width);
    expect(overlaps(keyed.view, keyed.theory)).toBe(false);

    // A drag of the edge 30 px to the right narrows it by 30 px.
    const h = (await handle.boundingBox())!;
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(h.x + h.width / 2 + 30, h.y + h.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await region.boundingBox())!.width).toBeCloseTo(keyed.theory.width - 30, 0);
    b = await boxes();
    expect(overlaps(b.view, b.theory)).toBe(false);
    expect(b.view.width).toBeGreaterThan(keyed.view.width);
    expect(lab.pageErrors).toEqual([]);
  });
});
