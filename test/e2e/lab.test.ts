/**
 * The lab in a real browser against the real server: the surface is drawn, the runs move, a hot
 * learning-rate change from the slider reaches the engine's frames, a bad formula is flagged inline
 * with its column, and an invalid experiment file is refused with every problem listed by path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../src-renderer/src/lib/shortcuts';
import { RESULTS, ROOT, canvasPixels, changedPixels, pixelStats, readHook } from './helpers';
import { openSpec, pause, play, waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';

// The default experiment (Rosenbrock, SGD beside Adam and a noisy SGD cloud) is loaded and, asked to, plays by itself.
const lab = useLab({
  query: '&autoplay=1',
  setup: async ({ page }) => {
    await waitForHook(page, (h) => h.frames > 4 && h.lastT.length === 3, 'frames of the three runs');
    await waitForSurface(page);
    // The same experiment through Open…, made long enough that it is still running when the last test
    // ends (recorded every 1,000 steps: 10⁷ steps of its 100-particle cloud every 10 are over the budget).
    const text = readFileSync(resolve(ROOT, 'resources/default.lab.json'), 'utf8');
    const spec = JSON.parse(text) as Record<string, unknown>;
    await openSpec(page, 'long.lab.json', { ...spec, steps: 10_000_000, record: { every: 1000 } });
    await waitForHook(
      page,
      (h) => h.lastT[0]! > 0 && h.lastT[0]! < 5000 && h.lastT[1]! > 0,
      'the long experiment to run',
    );
    await waitForSurface(page);
  },
});

describe('SGD Lab in the browser', () => {
  it('draws the loss surface', async () => {
    await lab.page.waitForTimeout(500);
    const stats = pixelStats(await canvasPixels(lab.page));
    expect(stats.distinct).toBeGreaterThan(300);
    expect(stats.std).toBeGreaterThan(15);
    await lab.page.screenshot({ path: resolve(RESULTS, 'surface.png') });
    expect(lab.pageErrors).toEqual([]);
  });

  it('moves the runs live', async () => {
    // From a fresh start, where the runs move fastest: Reset goes back to t = 0 and the lab plays on.
    // Pictures are taken while paused, so each shows a settled view: after a reset the runs retrace
    // the very same paths (they are seeded), so a picture still showing the old path would hide it.
    // One step per frame, so the early, fast part of the paths is still ahead when the first picture is taken.
    await lab.page.getByLabel('Steps per frame').selectOption('1');
    const running = await readHook(lab.page);
    await lab.page.getByRole('button', { name: 'Reset', exact: true }).click();
    await waitForHook(lab.page, (h) => h.lastT[0]! < running.lastT[0]! && h.lastT[1]! < running.lastT[1]!, 'the reset');
    await pause(lab.page);
    await lab.page.waitForTimeout(1000);
    const before = await readHook(lab.page);
    const a = await canvasPixels(lab.page, 480);
    await lab.page.getByRole('button', { name: 'Play', exact: true }).click();
    const after = await waitForHook(
      lab.page,
      (h) => h.lastT[0]! >= before.lastT[0]! + 200 && h.lastT[1]! >= before.lastT[1]! + 200,
      '200 steps of both runs',
      120_000,
    );
    await pause(lab.page);
    await lab.page.waitForTimeout(1000);
    expect(after.frames).toBeGreaterThan(before.frames);
    const changed = changedPixels(a, await canvasPixels(lab.page, 480));
    console.log(`moves the runs live: ${changed} pixels changed from t = ${before.lastT} to t = ${after.lastT}`);
    expect(changed).toBeGreaterThan(40);
    await lab.page.getByLabel('Steps per frame').selectOption('10');
    await play(lab.page);
    // The step counter and the chart show it too.
    await expect
      .poll(async () => (await lab.page.getByTestId('status-0').textContent()) ?? '', { timeout: 30_000 })
      .not.toContain('–');
    await lab.page.screenshot({ path: resolve(RESULTS, 'running.png') });
  });

  it('changes the learning rate hot, from the slider', async () => {
    const before = await readHook(lab.page);
    // 10^-2.7 = 0.002 (the slider is on a log10 scale); the default SGD run has 0.0005.
    await lab.page.getByTestId('lr-0').fill('-2.7');
    const after = await waitForHook(lab.page, (h) => Math.abs(h.lastLr[0]! - 0.002) < 1e-9, 'frames with lr 0.002');
    // Hot: the run went on from where it was, it was not reset.
    expect(after.lastT[0]!).toBeGreaterThanOrEqual(before.lastT[0]!);
    expect(after.lastLr[1]).toBe(before.lastLr[1]);
    await expect.poll(() => lab.page.getByTestId('status-0').textContent(), { timeout: 30_000 }).toContain('0.002');
  });

  it('flags a bad formula inline, with its column', async () => {
    const input = lab.page.getByTestId('formula-input');
    await input.fill('(1 - x)^2 + 100 * (y - z^2)^2');
    const problems = lab.page.getByTestId('formula-problems');
    await expect.poll(async () => (await problems.textContent()) ?? '', { timeout: 30_000 }).toMatch(/column 24\b.*z/s);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await lab.page.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await lab.page.screenshot({ path: resolve(RESULTS, 'formula-error.png') });
    await input.fill('(1 - x)^2 + 100 * (y - x^2)^2');
    await expect.poll(async () => (await problems.textContent())?.trim() ?? '', { timeout: 30_000 }).toBe('');
  });

  it('refuses an invalid experiment file and lists every problem by path', async () => {
    const tBefore = (await readHook(lab.page)).lastT[0]!;
    const bad = {
      version: 1,
      steps: 0,
      loss: { preset: 'rosenbrock' },
      runs: [{ name: 'broken', optimizer: { type: 'momentum', lr: 0.01, N: 0 } }],
    };
    await openSpec(lab.page, 'broken.lab.json', bad);
    const issues = lab.page.getByTestId('issues');
    await issues.waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await issues.textContent()) ?? '', { timeout: 30_000 })
      .toContain('runs[0].optimizer.N');
    const text = (await issues.textContent()) ?? '';
    expect(text).toContain('steps');
    expect(text).toContain('broken.lab.json');
    await lab.page.screenshot({ path: resolve(RESULTS, 'invalid-file.png') });
    // The running experiment is untouched.
    await waitForHook(lab.page, (h) => h.lastT[0]! > tBefore, 'the run to go on');
    await lab.page.getByRole('button', { name: 'Dismiss the problems' }).click();
    await issues.waitFor({ state: 'detached' });
  });

  it('says why a Langevin run with an exact gradient moves without noise', async () => {
    const dynamics = lab.page.getByLabel('Dynamics of SGD');
    await dynamics.selectOption('langevin');
    await lab.page.getByTestId('langevin-exact-SGD').waitFor({ timeout: 30_000 });
    expect(await lab.page.getByTestId('langevin-exact-SGD').textContent()).toMatch(/Σ = 0/);
    await dynamics.selectOption('sgd');
    await lab.page.getByTestId('langevin-exact-SGD').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('plays, pauses and steps from the keyboard', async () => {
    await lab.page.evaluate('document.activeElement && document.activeElement.blur()');
    await lab.page.keyboard.press('Space');
    await lab.page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
    await lab.page.waitForTimeout(500);
    const paused = await readHook(lab.page);
    await lab.page.waitForTimeout(1000);
    expect((await readHook(lab.page)).lastT[0]).toBe(paused.lastT[0]);
    await lab.page.keyboard.press('s');
    await waitForHook(lab.page, (h) => h.lastT[0]! > paused.lastT[0]!, 'a step');
    await lab.page.keyboard.press('Space');
    await lab.page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 30_000 });
  });

  it('lists its shortcuts on ? (and a button), closes them on Esc; T, R and every tooltip', async () => {
    await lab.page.evaluate('document.activeElement && document.activeElement.blur()');
    await lab.page.keyboard.press('?');
    const overlay = lab.page.getByTestId('shortcuts');
    await overlay.waitFor({ timeout: 10_000 });
    for (const shortcut of SHORTCUTS) expect(await overlay.getByText(shortcut.what).count()).toBe(1);
    await lab.page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    await lab.page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await overlay.waitFor({ timeout: 10_000 });
    await lab.page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    // T: trails off, and back on at the length they had.
    await lab.page.evaluate('document.activeElement && document.activeElement.blur()');
    const trail = lab.page.getByTestId('trail');
    const before = await trail.inputValue();
    await lab.page.keyboard.press('t');
    await expect.poll(() => trail.inputValue()).toBe('0');
    await lab.page.keyboard.press('t');
    await expect.poll(() => trail.inputValue()).toBe(before);
    // R: every run back to t = 0 (the lab plays on).
    const playing = await waitForHook(lab.page, (h) => h.lastT[0]! > 100, 'the runs past t = 100');
    await lab.page.keyboard.press('r');
    await waitForHook(lab.page, (h) => h.lastT[0]! < playing.lastT[0]! && h.lastT[1]! < playing.lastT[1]!, 'a reset');
    // Every control says what it does when hovered (its own title or its label's).
    const untitled = (await lab.page.evaluate(
      `[...document.querySelectorAll('button, select, input, textarea')]
        .filter((el) => !el.hidden && el.type !== 'file' && !el.closest('[title]'))
        .map((el) => el.getAttribute('aria-label') || el.textContent.trim() || el.outerHTML.slice(0, 80))`,
    )) as string[];
    expect(untitled).toEqual([]);
  });

  it('exports the recording and saves the experiment', async () => {
    const [recording] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 60_000 }),
      lab.page.getByRole('button', { name: 'Export recording' }).click(),
    ]);
    expect(recording.suggestedFilename()).toBe('recording.json');
    const rec = JSON.parse(readFileSync(await recording.path(), 'utf8')) as {
      format: string;
      runs: { name: string }[];
    };
    expect(rec.format).toBe('sgd-lab/recording');
    expect(rec.runs.map((r) => r.name)).toEqual(['SGD', 'Adam', 'Noisy SGD']);
    const [saved] = await Promise.all([
      lab.page.waitForEvent('download', { timeout: 30_000 }),
      lab.page.getByRole('button', { name: 'Save', exact: true }).click(),
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
