/**
 * Replays in a real browser against the real server: a recording made by `sgd-lab run`, opened with
 * Open…, replays with a Timeline slider (keyboard: Home, End, arrows) that moves the drawn cloud; the
 * replay exports the very recording it shows (positions bit for bit); Back to live returns.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { canvasPixels, changedPixels, launchBrowser, readHook, startServer, type Hook, type Server } from './helpers';
import { makeRecording, type MadeRecording } from './recording-fixture';

let server: Server;
let browser: Browser;
let page: Page;
let made: MadeRecording;
const pageErrors: string[] = [];

async function waitForHook(predicate: (hook: Hook) => boolean, what: string, timeout = 60_000): Promise<Hook> {
  const end = Date.now() + timeout;
  let hook = await readHook(page);
  while (!predicate(hook)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(hook)}`);
    await page.waitForTimeout(100);
    hook = await readHook(page);
  }
  return hook;
}

/** Waits until the canvas stops changing (the surface and the runs drawn), and returns it. */
async function settledPixels() {
  let before = await canvasPixels(page);
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(150);
    const now = await canvasPixels(page);
    if (changedPixels(before, now) === 0) return now;
    before = now;
  }
  return before;
}

beforeAll(async () => {
  made = makeRecording();
  browser = await launchBrowser();
  server = await startServer();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.getByText('Rosenbrock: SGD beside Adam').waitFor({ timeout: 60_000 });
  await waitForHook((h) => h.lastT.length === 2, 'the live runs');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('replay of a recording', () => {
  const timeline = () => page.getByRole('slider', { name: 'Timeline' });

  it('opens a recording made by sgd-lab run as a replay with a Timeline slider', async () => {
    expect(await timeline().count()).toBe(0);
    await page.getByTestId('open-input').setInputFiles({
      name: 'recording.json',
      mimeType: 'application/json',
      buffer: Buffer.from(made.text),
    });
    await timeline().waitFor({ timeout: 30_000 });
    await page.getByText('Recorded: SGD beside Adam').waitFor();
    const hook = await waitForHook((h) => h.lastT[0] === 0 && h.particles[1] === 30, 'the replay at t = 0');
    expect(hook.lastT).toEqual([0, 0]);
    expect(await timeline().getAttribute('max')).toBe('40');
    await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('moves the drawn cloud with the Timeline: End, Home and the arrows', async () => {
    const atStart = await settledPixels();
    await timeline().focus();
    await page.keyboard.press('End');
    // The last step shows every particle of the final cloud.
    await waitForHook((h) => h.lastT[0] === 400 && h.lastT[1] === 400, 'the end of the replay');
    const atEnd = await settledPixels();
    expect(changedPixels(atStart, atEnd)).toBeGreaterThan(50);
    expect(await timeline().getAttribute('aria-valuetext')).toBe('t = 400 of 400');
    await page.keyboard.press('Home');
    await waitForHook((h) => h.lastT[0] === 0, 'the start again');
    await page.keyboard.press('ArrowRight');
    await waitForHook((h) => h.lastT[0] === 10 && h.lastT[1] === 10, 't = 10');
    await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForHook((h) => h.lastT[0] === 20, 't = 20');
    await page.getByRole('button', { name: 'Step back' }).click();
    await waitForHook((h) => h.lastT[0] === 10, 't = 10 again');
    expect(pageErrors).toEqual([]);
  });

  it('plays the replay to its end', async () => {
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForHook((h) => h.lastT[0] === 400, 'the replay to play to its end');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
  });

  it('exports the very recording it replays: the positions bit for bit', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Export recording' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(exported).toEqual(JSON.parse(made.text));
  });

  it('goes back to the live lab', async () => {
    await page.getByRole('button', { name: 'Back to live' }).click();
    await timeline().waitFor({ state: 'detached' });
    await page.getByText('Rosenbrock: SGD beside Adam').waitFor();
    await waitForHook((h) => h.particles[1] === 1, 'the live runs again');
    expect(pageErrors).toEqual([]);
  });
});
