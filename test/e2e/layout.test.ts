/**
 * The layout holds at 1024×700 and uses 1920×1080: no scrolling of the page, the header's buttons,
 * the 3-D view, the runs panel and the loss chart all on screen, the legend clear of the view's
 * controls, and a bigger view on the bigger screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RESULTS, overlaps, type Box } from './helpers';
import { waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';
import { resolve } from 'node:path';

/** Each test opens its own page, at its own size. */
const lab = useLab({ openPage: false });

async function open(width: number, height: number): Promise<Page> {
  const page = await lab.open({ viewport: { width, height } });
  await waitForSurface(page, 120_000);
  return page;
}

async function boxOf(page: Page, what: string, locator: ReturnType<Page['locator']>): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${what} is not on the page`);
  return box;
}

describe('the layout', () => {
  const canvasArea: Record<string, number> = {};

  for (const [width, height] of [
    [1024, 700],
    [1920, 1080],
  ] as const) {
    it(`holds at ${width}×${height}`, async () => {
      const page = await open(width, height);
      try {
        const scroll = (await page.evaluate(
          '({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })',
        )) as { w: number; h: number };
        expect(scroll.w).toBeLessThanOrEqual(width);
        expect(scroll.h).toBeLessThanOrEqual(height);
        const inside = (b: Box) =>
          b.x >= 0 && b.y >= 0 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5;
        const parts = {
          play: page.getByRole('button', { name: 'Play', exact: true }),
          theory: page.getByTestId('theory-gallery-button'),
          canvas: page.getByTestId('lab-canvas'),
          runs: page.getByRole('heading', { name: 'Runs' }),
          chart: page.getByText('loss (log)').first(),
          table: page.getByTestId('status-0'),
        };
        for (const [what, locator] of Object.entries(parts)) {
          const box = await boxOf(page, what, locator);
          expect(inside(box), `${what} ${JSON.stringify(box)}`).toBe(true);
        }
        const legend = await boxOf(page, 'the legend', page.getByRole('list', { name: 'Legend' }));
        const controls = await boxOf(page, 'the view controls', page.getByRole('group', { name: 'View' }));
        expect(
          overlaps(legend, controls),
          `legend ${JSON.stringify(legend)} controls ${JSON.stringify(controls)}`,
        ).toBe(false);
        const canvas = await boxOf(page, 'the canvas', parts.canvas);
        canvasArea[`${width}`] = canvas.width * canvas.height;
        await page.screenshot({ path: resolve(RESULTS, `layout-${width}x${height}.png`) });
      } finally {
        await page.close();
      }
    });
  }

  it('gives the 3-D view more room on the bigger screen', () => {
    expect(canvasArea['1920']).toBeGreaterThan(2 * canvasArea['1024']!);
  });
});
