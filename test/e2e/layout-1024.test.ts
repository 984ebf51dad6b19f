/**
 * The layout at 1024×700 with the default experiment, in real Chromium: the legend covers none of the
 * surface's drawn pixels (under its box the canvas is the scene's background), the status table's
 * state column is whole, the first instant result's Timeline moves nothing (the top bar keeps its
 * height, the Export toolbar its buttons), a new run card is scrolled into view, and an export's
 * progress and outcome show under the Export toolbar without moving a button (nor hiding under "?").
 */
import { describe, expect, it } from 'vitest';
import { liveMode, waitForSurface } from './lab-actions';
import { overlaps } from './helpers';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1024, height: 700 }, setup: ({ page }) => waitForSurface(page, 120_000) });

describe('the layout at 1024×700', () => {
  it('keeps the legend off the surface’s drawn pixels', async () => {
    const { page } = lab;
    await page.waitForTimeout(500);
    const legend = (await page.getByRole('list', { name: 'Legend' }).boundingBox())!;
    const canvas = (await page.getByTestId('lab-canvas').boundingBox())!;
    // The canvas's pixels under the legend's box, and the scene's background (its top-left pixel).
    const under = (await page.evaluate(`(() => {
      const gl = document.querySelector('[data-testid="lab-canvas"]');
      const k = gl.width / ${canvas.width};
      const c = document.createElement('canvas');
      [c.width, c.height] = [gl.width, gl.height];
      const ctx = c.getContext('2d');
      ctx.drawImage(gl, 0, 0);
      const bg = ctx.getImageData(1, gl.height - 2, 1, 1).data;
      const x = Math.round((${legend.x - canvas.x}) * k), y = Math.round((${legend.y - canvas.y}) * k);
      const w = Math.round(${legend.width} * k), h = Math.round(${legend.height} * k);
      const d = ctx.getImageData(x, y, w, h).data;
      let off = 0;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 30) off++;
      return { off, total: d.length / 4, bg: [bg[0], bg[1], bg[2]] };
    })()`)) as { off: number; total: number; bg: number[] };
    console.log(
      `legend ${JSON.stringify(legend)}: ${under.off} of ${under.total} canvas pixels under it differ from the background ${under.bg}`,
    );
    expect(under.total).toBeGreaterThan(1000);
    expect(under.off).toBe(0);
  });

  it('shows the status table’s state column whole', async () => {
    const { page } = lab;
    const status = page.getByLabel('Status');
    const box = (await status.boundingBox())!;
    const state = page.getByRole('columnheader', { name: 'state' });
    const cells = [(await state.boundingBox())!];
    for (let i = 0; i < 3; i++) cells.push((await page.getByTestId(`status-${i}`).locator('td').last().boundingBox())!);
    const { scroll, client } = (await status.evaluate((el: { scrollWidth: number; clientWidth: number }) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
    }))) as { scroll: number; client: number };
    console.log(
      `status ${JSON.stringify(box)}, ${scroll} px of table in ${client} px; state column ${JSON.stringify(cells[0])}`,
    );
    expect(scroll).toBeLessThanOrEqual(client);
    for (const cell of cells) {
      expect(cell.width).toBeGreaterThan(0);
      expect(cell.x + cell.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
      expect(cell.x + cell.width).toBeLessThanOrEqual(1024);
    }
  });

  it('moves nothing when the first instant result arrives: the top bar and the Export toolbar stay put', async () => {
    const { page } = lab;
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    // The lab opens on the computed paths (and their Timeline): from live mode, with none.
    await liveMode(page);
    await expect.poll(() => timeline.count(), { timeout: 30_000 }).toBe(0);
    const top = page.locator('header.top');
    const toolbar = page.getByRole('toolbar', { name: 'Export' });
    const boxes = async () => ({
      top: (await top.boundingBox())!,
      buttons: await Promise.all((await toolbar.getByRole('button').all()).map(async (b) => (await b.boundingBox())!)),
    });
    const before = await boxes();
    // Instant on again, then a change: every run's whole path computed, its Timeline appears.
    await page.getByRole('checkbox', { name: 'Instant' }).check();
    await page.getByLabel('steps', { exact: true }).fill('4000');
    await page.getByLabel('steps', { exact: true }).press('Tab');
    await timeline.waitFor({ state: 'visible', timeout: 120_000 });
    const after = await boxes();
    const [slider, view] = [(await timeline.boundingBox())!, (await page.getByTestId('lab-canvas').boundingBox())!];
    console.log(
      `top bar ${before.top.height} → ${after.top.height} px high; ${after.buttons.length} Export buttons; Timeline at ${JSON.stringify(slider)} in the view ${JSON.stringify(view)}`,
    );
    expect(before.buttons.length).toBeGreaterThanOrEqual(4);
    expect(after).toEqual(before);
    // The Timeline sits over the 3-D view.
    expect(slider.x).toBeGreaterThanOrEqual(view.x);
    expect(slider.y).toBeGreaterThanOrEqual(view.y);
    expect(slider.x + slider.width).toBeLessThanOrEqual(view.x + view.width);
    expect(slider.y + slider.height).toBeLessThanOrEqual(view.y + view.height);
  });

  it('scrolls a new run card into view', async () => {
    const { page } = lab;
    const aside = page.locator('aside.side');
    await page.getByRole('button', { name: 'Add a run' }).click();
    const card = page.getByTestId('run-3');
    await card.waitFor({ timeout: 60_000 });
    await expect
      .poll(
        async () => {
          // The side panel as it is now (an Instant result's Timeline may have moved it meanwhile).
          const [b, side] = [(await card.boundingBox())!, (await aside.boundingBox())!];
          return b.y >= side.y - 0.5 && b.y + Math.min(b.height, side.height) <= side.y + side.height + 0.5;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    console.log(
      `new run card ${JSON.stringify(await card.boundingBox())} in the side panel ${JSON.stringify(await aside.boundingBox())}`,
    );
  });

  it('shows an export’s outcome under the toolbar: no button moves, nothing under "?"', async () => {
    const { page } = lab;
    const toolbar = page.getByRole('toolbar', { name: 'Export' });
    const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
    const buttons = ['PNG', 'GIF', 'CSV'].map((n) => toolbar.getByRole('button', { name: n, exact: true }));
    const before = await Promise.all([...buttons, help].map(async (b) => (await b.boundingBox())!));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), buttons[0]!.click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const result = page.getByTestId('export-result');
    await result.waitFor({ timeout: 60_000 });
    const after = await Promise.all([...buttons, help].map(async (b) => (await b.boundingBox())!));
    expect(after).toEqual(before);
    const shown = (await result.boundingBox())!;
    console.log(
      `export result "${await result.textContent()}" at ${JSON.stringify(shown)}; "?" at ${JSON.stringify(after[3])}`,
    );
    expect(overlaps(shown, after[3]!)).toBe(false);
    expect(shown.x + shown.width).toBeLessThanOrEqual(1024);
    expect(lab.pageErrors).toEqual([]);
  });
});
