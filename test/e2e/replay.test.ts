/**
 * Replays in a real browser against the real server: a recording made by `sgd-lab run`, opened with
 * Open…, replays with a Timeline slider (keyboard: Home, End, arrows) that moves the drawn cloud; the
 * replay exports the very recording it shows (positions bit for bit); Back to live returns. The
 * experiment autosaves and a restarted lab offers it back; pasted text and the address load one, and
 * an autosave that a link's experiment replaced is kept and offered back.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { ROOT, canvasPixels, changedPixels, startServer, type Server } from './helpers';
import { liveMode, openFile, waitForHook, waitForSurface } from './lab-actions';
import { openLabPage, useLab } from './lab-fixture';
import { makeRecording, type MadeRecording } from './recording-fixture';

let made: MadeRecording;

beforeAll(() => {
  made = makeRecording();
});

const lab = useLab({ setup: ({ page }) => waitForHook(page, (h) => h.lastT.length === 3, 'the live runs') });

/** Waits until the canvas stops changing (the surface and the runs drawn), and returns it. */
async function settledPixels() {
  let before = await canvasPixels(lab.page);
  for (let i = 0; i < 50; i++) {
    await lab.page.waitForTimeout(150);
    const now = await canvasPixels(lab.page);
    if (changedPixels(before, now) === 0) return now;
    before = now;
  }
  return before;
}

describe('replay of a recording', () => {
  const timeline = () => lab.page.getByRole('slider', { name: 'Timeline' });

  it('opens a recording made by sgd-lab run as a replay with a Timeline slider', async () => {
    // In live mode: Instant mode's own Timeline (its computed paths' scrubber) is not the replay's.
    await liveMode(lab.page);
    await expect.poll(() => timeline().count(), { timeout: 30_000 }).toBe(0);
    await openFile(lab.page, 'recording.json', made.text);
    await timeline().waitFor({ timeout: 30_000 });
    await lab.page.getByText('Recorded: SGD beside Adam').waitFor();
    const hook = await waitForHook(lab.page, (h) => h.lastT[0] === 0 && h.particles[1] === 30, 'the replay at t = 0');
    expect(hook.lastT).toEqual([0, 0]);
    expect(await timeline().getAttribute('max')).toBe('40');
    await waitForSurface(lab.page);
  });

  it('moves the drawn cloud with the Timeline: End, Home and the arrows', async () => {
    const atStart = await settledPixels();
    await timeline().focus();
    await lab.page.keyboard.press('End');
    // The last step shows every particle of the final cloud.
    await waitForHook(lab.page, (h) => h.lastT[0] === 400 && h.lastT[1] === 400, 'the end of the replay');
    const atEnd = await settledPixels();
    expect(changedPixels(atStart, atEnd)).toBeGreaterThan(50);
    expect(await timeline().getAttribute('aria-valuetext')).toBe('t = 400 of 400');
    await lab.page.keyboard.press('Home');
    await waitForHook(lab.page, (h) => h.lastT[0] === 0, 'the start again');
    await lab.page.keyboard.press('ArrowRight');
    await waitForHook(lab.page, (h) => h.lastT[0] === 10 && h.lastT[1] === 10, 't = 10');
    await lab.page.getByRole('button', { name: 'Step forward' }).click();
    await waitForHook(lab.page, (h) => h.lastT[0] === 20, 't = 20');
    await lab.page.getByRole('button', { name: 'Step back' }).click();
    await waitForHook(lab.page, (h) => h.lastT[0] === 10, 't = 10 again');
    expect(lab.pageErrors).toEqual([]);
  });

  it('plays the replay to its end', async () => {
    await lab.page.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForHook(lab.page, (h) => h.lastT[0] === 400, 'the replay to play to its end');
    await lab.page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
  });

  it('exports the very recording it replays: the positions bit for bit', async () => {
    const [download] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 60_000 }),
      lab.page.getByRole('button', { name: 'Export recording' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(exported).toEqual(JSON.parse(made.text));
  });

  it('goes back to the live lab', async () => {
    await lab.page.getByRole('button', { name: 'Back to live' }).click();
    await timeline().waitFor({ state: 'detached' });
    await lab.page.getByText('Rosenbrock: SGD beside Adam').waitFor();
    await waitForHook(lab.page, (h) => h.particles[1] === 1, 'the live runs again');
    expect(lab.pageErrors).toEqual([]);
  });
});

describe('never lose work, and share it', () => {
  let context: BrowserContext;
  let restarted: Server | undefined;

  afterAll(async () => {
    await context?.close();
    await restarted?.stop();
  });

  it('loads pasted experiment text, keeps it in the address, a restarted lab or a link offers the autosave', async () => {
    context = await lab.browser.newContext({ viewport: { width: 1400, height: 860 }, colorScheme: 'dark' });
    const first = await context.newPage();
    await first.goto(lab.server.url);
    await first.getByText('Rosenbrock: SGD beside Adam').waitFor({ timeout: 60_000 });
    // Share… shows the experiment as text; pasting another and Load loads it.
    await first.getByRole('button', { name: 'Share…' }).click();
    const box = first.getByRole('textbox', { name: 'Experiment text' });
    const shown = JSON.parse(await box.inputValue()) as Record<string, unknown>;
    expect(shown.title).toBe('Rosenbrock: SGD beside Adam');
    await box.fill(JSON.stringify({ ...shown, title: 'Autosaved experiment', steps: 777 }));
    await first.getByRole('button', { name: 'Load', exact: true }).click();
    await first.getByText('Autosaved experiment').first().waitFor();
    // The address now holds it.
    const end = Date.now() + 10_000;
    while (!first.url().includes('#experiment=') && Date.now() < end) await first.waitForTimeout(100);
    expect(first.url()).toMatch(/#experiment=[A-Za-z0-9_-]+$/);
    // The lab dies (SIGKILL) and comes back on the same address with its default experiment.
    const port = Number(new URL(lab.server.url).port);
    await lab.server.stop();
    // The same port again: the same origin keeps its localStorage.
    restarted = await startServer({ args: ['--port', String(port)], signal: 'SIGKILL' });
    const second = await context.newPage();
    await second.goto(restarted.url);
    const offer = second.getByRole('alertdialog', { name: 'Restore the autosave' });
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.textContent()).toContain('Autosaved experiment');
    await offer.getByRole('button', { name: 'Restore' }).click();
    await second.getByText('Autosaved experiment').first().waitFor();
    await offer.waitFor({ state: 'detached' });
    await second.close();
    // An address holding an experiment opens it.
    const third = await context.newPage();
    const hash = Buffer.from(JSON.stringify({ ...shown, title: 'From the address' })).toString('base64url');
    await third.goto(`${restarted.url}#experiment=${hash}`);
    await third.getByText('From the address').first().waitFor({ timeout: 60_000 });
    // The autosave it replaced is kept (not overwritten by the link's) and offered back.
    const kept = third.getByRole('alertdialog', { name: 'Restore the autosave' });
    await kept.waitFor({ timeout: 30_000 });
    expect(await kept.textContent()).toMatch(/your previous experiment, “Autosaved experiment”, was kept/);
    const saved = (await third.evaluate(`localStorage.getItem('sgd-lab.autosave')`)) as string;
    expect(JSON.parse(JSON.parse(saved).text).title).toBe('Autosaved experiment');
    await kept.getByRole('button', { name: 'Restore' }).click();
    await kept.waitFor({ state: 'detached' });
    await third.getByText('Autosaved experiment').first().waitFor({ timeout: 30_000 });
  });
});

describe('sgd-lab serve --recording', () => {
  let replayServer: Server | undefined;

  afterAll(async () => {
    await replayServer?.stop();
  });

  it('serves a replay of the file: the Timeline moves it, there is no live lab to go back to', async () => {
    replayServer = await startServer({ args: ['--port', '0', '--recording', made.path], signal: 'SIGKILL' });
    const page = await openLabPage(lab.browser, replayServer.url, lab.pageErrors, {
      waitForText: 'Recorded: SGD beside Adam',
    });
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await timeline.waitFor();
    await waitForSurface(page);
    await waitForHook(page, (h) => h.lastT[0] === 0 && h.particles[1] === 30, 'the replay at t = 0');
    await timeline.focus();
    await page.keyboard.press('End');
    await waitForHook(page, (h) => h.lastT[0] === 400 && h.lastT[1] === 400, 'the end of the replay');
    expect(await page.getByRole('button', { name: 'Back to live' }).count()).toBe(0);
    await page.keyboard.press('Home');
    await waitForHook(page, (h) => h.lastT[0] === 0, 'the start');
  });

  it('refuses a file that is no recording, with exit code 2', async () => {
    const child = spawn(
      process.execPath,
      ['bin/sgd-lab.mjs', 'serve', '--no-open', '--port', '0', '--recording', 'package.json'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(2);
    expect(err).toMatch(/package\.json: invalid recording: format/);
  });
});
