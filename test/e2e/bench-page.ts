/**
 * What the benchmarks and profiles share: the machine's load in words (printed beside every timing:
 * the machine is shared), a page settled after its loss surface, and, for a script run alone, one
 * page of a fresh server in a fresh browser at the benches' size (1440 × 900, dark), closed whatever
 * happens.
 */
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from './helpers';
import { waitForSurface } from './lab-actions';

/** The load averages and the CPUs, e.g. `load average 9.50, 8.10, 7.00 on 2 CPUs`. */
export const machineLoad = (): string =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} on ${cpus().length} CPUs`;

/** Waits for the loss surface, then a second for the first frames to draw. */
export async function settle(page: Page): Promise<void> {
  await waitForSurface(page, 120_000);
  await page.waitForTimeout(1000);
}

/** Runs `bench` on a page of its own server and browser once the loss surface is computed. */
export async function withBenchPage(bench: (page: Page) => Promise<void>): Promise<void> {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await page.goto(server.url);
    await waitForSurface(page, 120_000);
    await bench(page);
  } finally {
    await browser.close();
    await server.stop();
  }
}
