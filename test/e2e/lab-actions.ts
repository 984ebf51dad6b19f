/**
 * What the e2e tests do to the lab's page, the same way in every file: wait on its read-only hook,
 * for the default experiment or the loss surface, play and pause it, and open an experiment or a
 * recording through Open….
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { readHook, type Hook } from './helpers';

/** The default experiment's title, shown once the lab has loaded it. */
export const DEFAULT_TITLE = 'Rosenbrock: SGD beside Adam';

/** Polls the page's read-only hook until `predicate` holds (the page's CSP forbids string predicates). */
export async function waitForHook(
  page: Page,
  predicate: (hook: Hook) => boolean,
  what: string,
  timeout = 60_000,
): Promise<Hook> {
  const end = Date.now() + timeout;
  let hook = await readHook(page);
  while (!predicate(hook)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(hook)}`);
    await page.waitForTimeout(100);
    hook = await readHook(page);
  }
  return hook;
}

/** Waits until the loss surface is computed (its "Computing…" note gone). */
export async function waitForSurface(page: Page, timeout = 60_000): Promise<void> {
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout });
}

/**
 * Live mode: unchecks Instant (on by default for small formula experiments), for a test of how live
 * runs behave after a change (a copy restarting every run, a dragged start mid-run, a live histogram).
 */
export async function liveMode(page: Page): Promise<void> {
  const toggle = page.getByRole('checkbox', { name: 'Instant' });
  if (await toggle.isChecked()) await toggle.uncheck();
  await expect.poll(() => toggle.isChecked(), { timeout: 30_000 }).toBe(false);
}

/** Clicks Play and waits for the Pause button that replaces it. */
export async function play(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 30_000 });
}

/** Clicks Pause and waits for the Play button that replaces it. */
export async function pause(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
}

/** Pauses a playing lab; a paused one is left as it is (its Play button is awaited all the same). */
export async function pauseIfPlaying(page: Page): Promise<void> {
  if (await page.getByRole('button', { name: 'Pause', exact: true }).count()) {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
}

/** Opens `text` as the file `name` through Open… (an experiment or a recording). */
export async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('open-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Opens the experiment `spec` as the file `name` through Open…. */
export function openSpec(page: Page, name: string, spec: unknown): Promise<void> {
  return openFile(page, name, JSON.stringify(spec));
}
