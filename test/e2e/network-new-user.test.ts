/**
 * Issue #21's "done when", tried as a new user would in real Chromium against the real server: open
 * the lab, pick the two-moons network in the loss panel (no file opened or written), see SGD beside
 * Adam in the Runs panel, press Play, and watch both the decision boundary forming (the "Decision
 * function" view painted and changing) and the paths growing on the landscape plane in the 3-D view
 * (its pixels change, each run's projected path gets longer). Screenshots of each stage go to
 * test-results/.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS, canvasPixels, changedPixels, readHook } from './helpers';
import { pauseIfPlaying, play, waitForHook } from './lab-actions';
import { useLab } from './lab-fixture';
import { coverage, meanDifference, planePaths, planeStatus, tilePixels, waitForPlane } from './network-probes';

const lab = useLab({ viewport: { width: 1400, height: 900 } });

describe('a new user trains two moons', () => {
  it('picks two moons, SGD beside Adam, presses Play and watches the boundary form on the plane', async () => {
    const { page } = lab;
    // Pick the network in the loss panel: no file.
    await page.getByLabel('Loss preset').selectOption('network:two-moons');
    await page.getByText('Two moons: SGD beside Adam on one network').first().waitFor({ timeout: 60_000 });
    // The preset puts Adam beside SGD, from the same weights.
    await expect.poll(() => page.getByTestId(/^run-\d+$/).count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByLabel('Optimizer of SGD').inputValue()).toBe('sgd');
    expect(await page.getByLabel('Optimizer of Adam').inputValue()).toBe('adam');
    await page.getByRole('img', { name: 'Decision function' }).waitFor({ timeout: 60_000 });
    // Before Play the plane is already there (through the start), with no error: the random plane stands
    // in for PCA until the paths spread (PCA of unmoved paths has no directions).
    const opened = await waitForPlane(page, 'random');
    await page.screenshot({ path: resolve(RESULTS, 'network-new-user-0-picked.png') });

    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForHook(
      page,
      (h) => h.lastT.length === 2 && h.lastT.every((t) => t >= 50),
      'both runs past t = 50',
      180_000,
    );
    // Paused early, so the picture of t ≈ 50 is read before the runs (3,000 steps, seconds) have ended.
    await pauseIfPlaying(page);
    await expect.poll(async () => coverage(await tilePixels(page)).covered, { timeout: 60_000 }).toBeGreaterThan(0.9);
    const early = await tilePixels(page);
    await page.mouse.move(0, 0);
    const view = await canvasPixels(page, 480);
    const paths = (await planePaths(page)).map((p) => p.offPlane.length);
    await page.screenshot({ path: resolve(RESULTS, 'network-new-user-1-playing.png') });
    // Where the pause held them: on a quiet machine the runs may be well past t = 50 by then, so play on
    // 750 steps from there (and to t ≥ 800), not merely to t = 800.
    const held = (await readHook(page)).lastT;

    await play(page);
    await waitForHook(
      page,
      (h) => h.lastT.every((t, i) => t >= Math.min(3000, Math.max(800, held[i]! + 750))),
      'both runs 750 steps on, past t = 800',
      300_000,
    );
    await pauseIfPlaying(page);
    // The boundary formed: the picture is still painted, and it changed since t ≈ 50.
    let change = 0;
    await expect
      .poll(async () => (change = meanDifference(early, await tilePixels(page))), { timeout: 60_000 })
      .toBeGreaterThan(4);
    const late = coverage(await tilePixels(page));
    expect(late.covered).toBeGreaterThan(0.9);
    expect(late.sd).toBeGreaterThan(5);
    // The paths grew on the plane: every run has more projected points, and the 3-D view changed.
    let grown: number[] = [];
    await expect
      .poll(async () => (grown = (await planePaths(page)).map((p) => p.offPlane.length)), { timeout: 60_000 })
      .toSatisfy((now: number[]) => now.length === 2 && now.every((n, r) => n > (paths[r] ?? 0)));
    let moved = 0;
    await expect
      .poll(async () => (moved = changedPixels(view, await canvasPixels(page, 480))), { timeout: 60_000 })
      .toBeGreaterThan(200);
    const status = await planeStatus(page);
    console.log(
      `new user, two moons: plane at pick "${opened}", now "${status.text}"; decision function ` +
        `${(100 * late.covered).toFixed(1)} % painted, mean |Δ| ${change.toFixed(1)} per channel from t ≈ 50 to ≥ 800; ` +
        `paths on the plane ${paths.join(', ')} → ${grown.join(', ')} points (held at t = ${held.join(', ')}), ${moved} view pixels changed`,
    );
    expect(status.text).not.toMatch(/no recorded position|error/i);
    await page.screenshot({ path: resolve(RESULTS, 'network-new-user-2-trained.png') });
    expect(lab.pageErrors).toEqual([]);
  }, 600_000);
});
