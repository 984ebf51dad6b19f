/**
 * A run's whole path, in real Chromium against the real server: it is drawn into the cached picture
 * of the surface as it grows (only the new segments each frame), and that picture is the one drawing
 * the whole path again gives; switching trails off takes it out of the picture.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS, canvasPixels, changedPixels, readHook } from './helpers';
import { openSpec, pauseIfPlaying, play, waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1280, height: 800 }, setup: ({ page }) => waitForSurface(page) });

/**
 * Two slow runs, one into each well of a double well, so their paths never overlap (where paths
 * overlap, the one drawn last is on top: the newest growing, the last run drawn whole) and are made
 * of many short segments.
 */
const spec = {
  version: 1,
  seed: 1,
  steps: 100_000,
  loss: {
    expr: '(x^2 - 1)^2 + y^2',
    domain: [
      [-2, 2],
      [-1.5, 1.5],
    ],
  },
  runs: [
    { name: 'left', optimizer: { type: 'sgd', lr: 0.002 }, start: [-1.9, 1.2] },
    { name: 'right', optimizer: { type: 'sgd', lr: 0.002 }, start: [1.9, -1.2] },
  ],
};

describe('a run’s whole path', () => {
  it('grows in the cached picture exactly as drawing it whole shows it', async () => {
    const { page } = lab;
    await openSpec(page, 'wells.lab.json', spec);
    await waitForHook(page, (h) => h.starts[0]?.[0] === -1.9, 'the two wells');
    await waitForSurface(page);
    const trail = page.getByLabel('Trail length');
    await trail.selectOption('0');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    const none = await canvasPixels(page, 480);
    await trail.selectOption('all');
    await play(page);
    await waitForHook(page, (h) => h.lastT.every((t) => t > 1500), 'paths of 1,500 steps', 60_000);
    await pauseIfPlaying(page);
    await page.waitForTimeout(500);
    const grown = await canvasPixels(page, 480);
    await page.screenshot({ path: resolve(RESULTS, 'paths-grown.png') });
    // Drawn whole: a short trail (the path is shorter than 1,000 points) and back to all of it.
    await trail.selectOption('1000');
    await page.waitForTimeout(300);
    await trail.selectOption('all');
    await page.waitForTimeout(500);
    const whole = await canvasPixels(page, 480);
    await page.screenshot({ path: resolve(RESULTS, 'paths-whole.png') });
    const path = changedPixels(none, whole);
    const differ = changedPixels(grown, whole);
    console.log(
      `paths at t = ${JSON.stringify((await readHook(page)).lastT)}: ${path} pixels; grown and whole differ in ${differ}`,
    );
    expect(path).toBeGreaterThan(150);
    // Where the path crosses itself a new outline may darken an older line: a few pixels, no more.
    expect(differ).toBeLessThan(path * 0.05);
    await trail.selectOption('0');
    await page.waitForTimeout(500);
    expect(changedPixels(none, await canvasPixels(page, 480))).toBeLessThan(path * 0.05);
    await trail.selectOption('all');
    expect(lab.pageErrors).toEqual([]);
  });
});
