/**
 * The Theory panel open on a 1440×900 window narrows the view to ~580 px: the legend moves under the
 * view's controls (they moved left without resizing, which the legend must notice), and the status
 * table goes under the charts, whole (beside them it was cut to 350 of its 398 px, the state column
 * out of sight).
 */
import { expect, it } from 'vitest';
import { waitForSurface } from './lab-actions';
import { overlaps } from './helpers';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1440, height: 900 }, setup: ({ page }) => waitForSurface(page, 120_000) });

it('keeps the legend off the view controls and the status table whole beside the Theory panel', async () => {
  const { page } = lab;
  const legend = page.getByRole('list', { name: 'Legend' });
  const controls = page.getByRole('group', { name: 'View' });
  const before = { legend: (await legend.boundingBox())!, controls: (await controls.boundingBox())! };
  expect(overlaps(before.legend, before.controls)).toBe(false);

  await page.getByTestId('theory-gallery-button').click();
  await page.getByTestId('theory-card-stationary-1d').click();
  await page.getByRole('region', { name: 'Theory' }).getByRole('heading').waitFor({ timeout: 60_000 });
  await expect
    .poll(async () => overlaps((await legend.boundingBox())!, (await controls.boundingBox())!), { timeout: 10_000 })
    .toBe(false);
  const after = { legend: (await legend.boundingBox())!, controls: (await controls.boundingBox())! };
  console.log(`legend ${JSON.stringify(after.legend)}, view controls ${JSON.stringify(after.controls)}`);
  expect(after.controls.x).toBeLessThan(before.controls.x);

  const table = page.locator('.bottom > .status');
  const fit = await table.evaluate((el: { scrollWidth: number; clientWidth: number }) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
  }));
  console.log(`status table: ${fit.scroll} px of content in ${fit.client} px`);
  expect(fit.scroll).toBeLessThanOrEqual(fit.client);
  const state = (await table.getByRole('columnheader', { name: 'state' }).boundingBox())!;
  const box = (await table.boundingBox())!;
  expect(state.x + state.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  expect(lab.pageErrors).toEqual([]);
});
