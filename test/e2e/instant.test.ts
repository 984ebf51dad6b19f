/**
 * Instant mode in real Chromium: on by default for the default experiment; a run's η dragged (its
 * slider's input events, then a real mouse drag) redraws the paths on the 3D canvas within two
 * animation frames of the computed result arriving (traced on the page first, then the lab's answer,
 * which changes no pixel), with no Play pressed and the live runs left at
 * t = 0; the scrubber ("Timeline") then goes back over the computed path and its replay button replays
 * it to the end; Play then steps the live runs (the computed path gives way).
 */
import { expect, it } from 'vitest';
import { canvasPixels, changedPixels, readHook } from './helpers';
import { waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';
import { instantChange } from './instant-probe';

const lab = useLab();

it('draws the whole path of a changed η within two frames, no Play; the scrubber replays it; Play goes live', async () => {
  const page = lab.page;
  await waitForSurface(page);
  const toggle = page.getByRole('checkbox', { name: 'Instant' });
  expect(await toggle.isChecked()).toBe(true);
  const before = await canvasPixels(page);

  // SGD's η from 5·10⁻⁴ to 2·10⁻³: its path runs much further along the valley.
  const times = () => page.evaluate('({ ...window.__sgdLabInstant })') as Promise<{ count: number; previews: number }>;
  const asked = await times();
  const probe = await instantChange(page, 0, Math.log10(2e-3), true);
  expect(probe.frames).toBe(2);
  const after = { width: before.width, height: before.height, rgb: probe.rgb! };
  const changed = changedPixels(before, after);
  // Drawn from the page's own trace first (SGD needs no random numbers); the lab's answer, asked once
  // the changes pause, is the same to the bit: it changes no pixel.
  expect((await times()).previews).toBe(asked.previews + 1);
  await expect.poll(async () => (await times()).count, { timeout: 60_000 }).toBeGreaterThan(asked.count + 1);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  expect(changedPixels(after, await canvasPixels(page))).toBe(0);
  console.log(
    `instant: ${changed} of ${before.rgb.length / 3} pixels changed; change → drawn ${probe.drawnMs.toFixed(0)} ms, ` +
      `result → drawn ${probe.afterArrivalMs.toFixed(0)} ms (2 frames)`,
  );
  expect(changed).toBeGreaterThan(30);
  // No Play: the button still offers Play, the lab's runs stayed at t = 0.
  expect(await page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
  expect((await readHook(page)).lastT.every((t) => t === 0)).toBe(true);
  // The result was drawn only where the paths lay and lie now: the same picture as the whole view drawn
  // again (a trail change redraws everything).
  const trail = page.getByLabel('Trail length');
  const shownTrail = await trail.inputValue();
  await trail.selectOption('1000');
  await page.waitForTimeout(300);
  await trail.selectOption(shownTrail);
  await page.waitForTimeout(500);
  const redrawn = changedPixels(after, await canvasPixels(page));
  console.log(`instant result drawn in part vs the whole view drawn again: ${redrawn} pixels differ`);
  expect(redrawn).toBeLessThan(5);

  // A real drag of the slider computes again.
  const count = (await page.evaluate('window.__sgdLabInstant.count')) as number;
  const box = (await page.getByTestId('lr-0').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect
    .poll(() => page.evaluate('window.__sgdLabInstant.count') as Promise<number>, { timeout: 60_000 })
    .toBeGreaterThan(count);
  // The drag's last change shown (no request left on its way), then drawn.
  await expect.poll(() => page.evaluate('window.__sgdLabInstant.pending'), { timeout: 60_000 }).toBe(0);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

  // The scrubber goes back to t = 0 (the paths shrink to their starts), then Play replays to the end.
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const end = await page.getByTestId('instant-timeline').getAttribute('max');
  const full = await canvasPixels(page);
  await timeline.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => page.locator('output.t').first().innerText()).toBe('t = 0');
  await expect.poll(async () => changedPixels(full, await canvasPixels(page)), { timeout: 10_000 }).toBeGreaterThan(30);
  await page.getByRole('button', { name: 'Replay the computed path' }).click();
  await expect.poll(() => page.getByTestId('instant-timeline').inputValue(), { timeout: 60_000 }).toBe(end);
  await page.getByRole('button', { name: 'Replay the computed path' }).waitFor({ timeout: 30_000 });
  expect(changedPixels(full, await canvasPixels(page))).toBeLessThan(30);
  expect((await readHook(page)).lastT.every((t) => t === 0)).toBe(true);
  // Play steps the live runs, as before instant mode.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => (await readHook(page)).lastT[0]!, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await page.getByTestId('instant-timeline').count()).toBe(0);
  expect(lab.pageErrors).toEqual([]);
});
