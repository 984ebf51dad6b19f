/**
 * The README's network picture (`npm run screenshot:network`, through screenshot.ts): two moons picked
 * in the loss panel as a new user would (no file), SGD beside Adam played to the experiment's end, then
 * left standing until the landscape plane is refined to its finest grid, so the picture shows the
 * decision boundary the network found beside both runs' paths on the plane.
 */
import type { Page } from 'playwright-core';
import { readHook } from './helpers';
import { pauseIfPlaying, play } from './lab-actions';
import { planeStatus, waitForPlane } from './network-probes';

const TITLE = 'Two moons: SGD beside Adam on one network';

/** Brings `page` (the lab, loaded) to the network picture's state. */
export async function networkPicture(page: Page): Promise<void> {
  await page.getByLabel('Loss preset').selectOption('network:two-moons');
  await page.getByText(TITLE).first().waitFor({ timeout: 120_000 });
  await page.getByRole('img', { name: 'Decision function' }).waitFor({ timeout: 120_000 });
  await waitForPlane(page, 'random'); // standing in for PCA until the paths spread
  const steps = Number(await page.getByLabel('steps', { exact: true }).inputValue());
  await play(page);
  const deadline = Date.now() + 600_000;
  for (;;) {
    const hook = await readHook(page);
    if (hook.lastT.length === 2 && hook.lastT.every((t) => t >= steps)) break;
    if (Date.now() > deadline) throw new Error(`the runs did not finish: t = ${JSON.stringify(hook.lastT)}`);
    await page.waitForTimeout(500);
  }
  await pauseIfPlaying(page);
  // Adam's boundary: the sharper of the two after the same steps.
  await page.getByLabel('Run whose function is drawn').selectOption({ label: 'Adam' });
  // Standing still, the plane through the whole paths, refined in the background to 201².
  const recompute = page.getByRole('button', { name: 'Recompute' });
  await recompute.waitFor({ timeout: 600_000 });
  await recompute.click();
  const end = Date.now() + 600_000;
  for (
    let s = await planeStatus(page);
    s.resolution < 201 || s.text.includes('computing');
    s = await planeStatus(page)
  ) {
    if (Date.now() > end) throw new Error(`the plane was not refined: "${s.text}"`);
    await page.waitForTimeout(500);
  }
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1500);
}
