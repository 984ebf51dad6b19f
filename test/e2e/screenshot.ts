/**
 * `npm run screenshot`: the README's picture, made by the real renderer in real Chromium against
 * `sgd-lab serve`. Three optimizers on a typed formula, each a cloud of noisy particles under a step
 * schedule that cuts η twice, played until the second cut has cooled the clouds, then the whole window
 * is written to resources/screenshot.png. `npm run screenshot:network` (argument `network`) makes the
 * network picture instead, resources/screenshot-network.png (screenshot-network.ts). Never part of
 * `npm test` (a test run leaves the tree clean).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, readHook, ROOT, startServer } from './helpers';
import { README_EXPERIMENT as spec } from './readme-experiment';
import { networkPicture } from './screenshot-network';

/** The formula picture: the README's experiment opened, played to its end. */
async function formulaPicture(page: Page): Promise<void> {
  await page.getByTestId('open-input').setInputFiles({
    name: 'annealing.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(spec)),
  });
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 120_000 });
  await page.getByLabel('Steps per frame').selectOption('10');
  // Short trails: the clouds, not one particle's jagged path, are the picture.
  await page.getByTestId('trail').selectOption('50');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const deadline = Date.now() + 240_000;
  for (;;) {
    const hook = await readHook(page);
    if (hook.lastT.length === 3 && hook.lastT.every((t) => t >= spec.steps)) break;
    if (Date.now() > deadline) throw new Error(`the runs did not finish: t = ${JSON.stringify(hook.lastT)}`);
    await page.waitForTimeout(500);
  }
  await page.waitForTimeout(1500);
}

const network = process.argv[2] === 'network';
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark' });
  await page.goto(server.url);
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 120_000 });
  await (network ? networkPicture(page) : formulaPicture(page));
  const out = resolve(ROOT, network ? 'resources/screenshot-network.png' : 'resources/screenshot.png');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
