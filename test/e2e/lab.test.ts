/**
 * The lab in a real browser against the real server: the surface is drawn, the runs move, a hot
 * learning-rate change from the slider reaches the engine's frames, a bad formula is flagged inline
 * with its column, and an invalid experiment file is refused with every problem listed by path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHORTCUTS } from '../../src-renderer/src/lib/shortcuts';
import {
  RESULTS,
  ROOT,
  canvasPixels,
  changedPixels,
  launchBrowser,
  pixelStats,
  readHook,
  startServer,
  type Hook,
  type Server,
} from './helpers';

let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Polls the page's read-only hook until `predicate` holds (the page's CSP forbids string predicates). */
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

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The default experiment (Rosenbrock, SGD beside Adam) is loaded and, asked to, plays by itself.
  await page.goto(`${server.url}&autoplay=1`);
  await page.getByText('Rosenbrock: SGD beside Adam').waitFor({ timeout: 60_000 });
  await waitForHook((h) => h.frames > 4 && h.lastT.length === 2, 'frames of both runs');
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 60_000 });
  // The same experiment through Open…, made long enough that it is still running when the last test ends.
  const spec = JSON.parse(readFileSync(resolve(ROOT, 'resources/default.lab.json'), 'utf8')) as Record<string, unknown>;
  await page.getByTestId('open-input').setInputFiles({
    name: 'long.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...spec, steps: 10_000_000 })),
  });
  await waitForHook((h) => h.lastT[0]! > 0 && h.lastT[0]! < 5000 && h.lastT[1]! > 0, 'the long experiment to run');
  await page.getByText('Computing the loss surface…').waitFor({ state: 'detached', timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('SGD Lab in the browser', () => {
  it('draws the loss surface', async () => {
    await page.waitForTimeout(500);
    const stats = pixelStats(await canvasPixels(page));
    expect(stats.distinct).toBeGreaterThan(300);
    expect(stats.std).toBeGreaterThan(15);
    await page.screenshot({ path: resolve(RESULTS, 'surface.png') });
    expect(pageErrors).toEqual([]);
  });

  it('moves the runs live', async () => {
    // From a fresh start, where the runs move fastest: Reset goes back to t = 0 and the lab plays on.
    // Pictures are taken while paused, so each shows a settled view: after a reset the runs retrace
    // the very same paths (they are seeded), so a picture still showing the old path would hide it.
    // One step per frame, so the early, fast part of the paths is still ahead when the first picture is taken.
    await page.getByLabel('Steps per frame').selectOption('1');
    const running = await readHook(page);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await waitForHook((h) => h.lastT[0]! < running.lastT[0]! && h.lastT[1]! < running.lastT[1]!, 'the reset');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    const before = await readHook(page);
    const a = await canvasPixels(page, 480);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const after = await waitForHook(
      (h) => h.lastT[0]! >= before.lastT[0]! + 200 && h.lastT[1]! >= before.lastT[1]! + 200,
      '200 steps of both runs',
      120_000,
    );
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect(after.frames).toBeGreaterThan(before.frames);
    const changed = changedPixels(a, await canvasPixels(page, 480));
    console.log(`moves the runs live: ${changed} pixels changed from t = ${before.lastT} to t = ${after.lastT}`);
    expect(changed).toBeGreaterThan(40);
    await page.getByLabel('Steps per frame').selectOption('10');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 30_000 });
    // The step counter and the chart show it too.
    await expect
      .poll(async () => (await page.getByTestId('status-0').textContent()) ?? '', { timeout: 30_000 })
      .not.toContain('–');
    await page.screenshot({ path: resolve(RESULTS, 'running.png') });
  });

  it('changes the learning rate hot, from the slider', async () => {
    const before = await readHook(page);
    // 10^-2.7 = 0.002 (the slider is on a log10 scale); the default SGD run has 0.0005.
    await page.getByTestId('lr-0').fill('-2.7');
    const after = await waitForHook((h) => Math.abs(h.lastLr[0]! - 0.002) < 1e-9, 'frames with lr 0.002');
    // Hot: the run went on from where it was, it was not reset.
    expect(after.lastT[0]!).toBeGreaterThanOrEqual(before.lastT[0]!);
    expect(after.lastLr[1]).toBe(before.lastLr[1]);
    await expect.poll(() => page.getByTestId('status-0').textContent(), { timeout: 30_000 }).toContain('0.002');
  });

  it('flags a bad formula inline, with its column', async () => {
    const input = page.getByTestId('formula-input');
    await input.fill('(1 - x)^2 + 100 * (y - z^2)^2');
    const problems = page.getByTestId('formula-problems');
    await expect.poll(async () => (await problems.textContent()) ?? '', { timeout: 30_000 }).toMatch(/column 24\b.*z/s);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await page.screenshot({ path: resolve(RESULTS, 'formula-error.png') });
    await input.fill('(1 - x)^2 + 100 * (y - x^2)^2');
    await expect.poll(async () => (await problems.textContent())?.trim() ?? '', { timeout: 30_000 }).toBe('');
  });

  it('refuses an invalid experiment file and lists every problem by path', async () => {
    const tBefore = (await readHook(page)).lastT[0]!;
    const bad = {
      version: 1,
      steps: 0,
      loss: { preset: 'rosenbrock' },
      runs: [{ name: 'broken', optimizer: { type: 'momentum', lr: 0.01, N: 0 } }],
    };
    await page.getByTestId('open-input').setInputFiles({
      name: 'broken.lab.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const issues = page.getByTestId('issues');
    await issues.waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await issues.textContent()) ?? '', { timeout: 30_000 })
      .toContain('runs[0].optimizer.N');
    const text = (await issues.textContent()) ?? '';
    expect(text).toContain('steps');
    expect(text).toContain('broken.lab.json');
    await page.screenshot({ path: resolve(RESULTS, 'invalid-file.png') });
    // The running experiment is untouched.
    await waitForHook((h) => h.lastT[0]! > tBefore, 'the run to go on');
    await page.getByRole('button', { name: 'Dismiss the problems' }).click();
    await issues.waitFor({ state: 'detached' });
  });

  it('says why a Langevin run with an exact gradient moves without noise', async () => {
    const dynamics = page.getByLabel('Dynamics of SGD');
    await dynamics.selectOption('langevin');
    await page.getByTestId('langevin-exact-SGD').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('langevin-exact-SGD').textContent()).toMatch(/Σ = 0/);
    await dynamics.selectOption('sgd');
    await page.getByTestId('langevin-exact-SGD').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('plays, pauses and steps from the keyboard', async () => {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    const paused = await readHook(page);
    await page.waitForTimeout(1000);
    expect((await readHook(page)).lastT[0]).toBe(paused.lastT[0]);
    await page.keyboard.press('s');
    await waitForHook((h) => h.lastT[0]! > paused.lastT[0]!, 'a step');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 30_000 });
  });

  it('lists its shortcuts on ? (and a button), closes them on Esc; T, R and every tooltip', async () => {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('?');
    const overlay = page.getByTestId('shortcuts');
    await overlay.waitFor({ timeout: 10_000 });
    for (const shortcut of SHORTCUTS) expect(await overlay.getByText(shortcut.what).count()).toBe(1);
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await overlay.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    // T: trails off, and back on at the length they had.
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    const trail = page.getByTestId('trail');
    const before = await trail.inputValue();
    await page.keyboard.press('t');
    await expect.poll(() => trail.inputValue()).toBe('0');
    await page.keyboard.press('t');
    await expect.poll(() => trail.inputValue()).toBe(before);
    // R: every run back to t = 0 (the lab plays on).
    const playing = await waitForHook((h) => h.lastT[0]! > 100, 'the runs past t = 100');
    await page.keyboard.press('r');
    await waitForHook((h) => h.lastT[0]! < playing.lastT[0]! && h.lastT[1]! < playing.lastT[1]!, 'a reset');
    // Every control says what it does when hovered (its own title or its label's).
    const untitled = (await page.evaluate(
      `[...document.querySelectorAll('button, select, input, textarea')]
        .filter((el) => !el.hidden && el.type !== 'file' && !el.closest('[title]'))
        .map((el) => el.getAttribute('aria-label') || el.textContent.trim() || el.outerHTML.slice(0, 80))`,
    )) as string[];
    expect(untitled).toEqual([]);
  });

  it('exports the recording and saves the experiment', async () => {
    const [recording] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Export recording' }).click(),
    ]);
    expect(recording.suggestedFilename()).toBe('recording.json');
    const rec = JSON.parse(readFileSync(await recording.path(), 'utf8')) as {
      format: string;
      runs: { name: string }[];
    };
    expect(rec.format).toBe('sgd-lab/recording');
    expect(rec.runs.map((r) => r.name)).toEqual(['SGD', 'Adam']);
    const [saved] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Save', exact: true }).click(),
    ]);
    const spec = JSON.parse(readFileSync(await saved.path(), 'utf8')) as {
      loss: { preset?: string };
      runs: { optimizer: { lr: number } }[];
    };
    expect(spec.loss.preset).toBe('rosenbrock');
    // The hot change made from the slider is in the saved file.
    expect(spec.runs[0]!.optimizer.lr).toBe(0.002);
  });
});
