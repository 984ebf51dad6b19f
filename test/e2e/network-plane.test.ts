/**
 * A network's landscape plane in the 3-D view, in real Chromium against the real server (#21 item 2):
 * two moons opens on its plane (the grid computed coarse, then finer) — before the runs have moved, the
 * random filter-normalized plane standing in for PCA, said so in the picker's note (PCA of paths that
 * have not moved has no directions), then PCA once they have spread — Play moves the runs over it
 * (the view changes), the "Plane" picker switches to the random plane (the surface's pixels change),
 * and hovering a path point reads its distance off the plane, its true loss and the plane's.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS, canvasPixels, changedPixels, readHook } from './helpers';
import { openSpec, pauseIfPlaying, play, waitForHook } from './lab-actions';
import { useLab } from './lab-fixture';
import { planePaths, waitForPlane } from './network-probes';

const lab = useLab({ viewport: { width: 1280, height: 800 } });

const moons = JSON.parse(readFileSync(resolve('examples/two-moons.lab.json'), 'utf8')) as { title: string };

describe("a network's landscape plane", () => {
  it('plays on the plane, switches planes, and reads a path point’s distance off the plane', async () => {
    const { page } = lab;
    await openSpec(page, 'two-moons.lab.json', moons);
    await page.getByText(moons.title).first().waitFor({ timeout: 60_000 });
    await page.getByLabel('Plane').waitFor({ timeout: 30_000 });
    // Before Play (every run at its start): PCA is asked, the random plane stands in, and the note says so.
    const standIn = await waitForPlane(page, 'random', 1);
    expect(await page.getByLabel('Plane').inputValue()).toBe('pca');
    await expect.poll(() => page.getByTestId('plane-note').textContent()).toBe('random until the paths spread');
    console.log(`before Play: ${standIn}`);
    expect(standIn).not.toMatch(/0%, 0%/);
    await play(page);
    await waitForHook(
      page,
      (h) => h.lastT.length === 3 && h.lastT.every((t) => t >= 100),
      'every run past t = 100',
      180_000,
    );
    // Held at t ≥ 100 while the picture before is read: on a quiet machine the runs pass t = 300 in a moment.
    await pauseIfPlaying(page);
    const first = await waitForPlane(page, 'pca', 1);
    // PCA of paths that have spread: a share of their variance along each direction, and no note.
    expect(first).toMatch(/\((\d+)%, (\d+)%\)/);
    expect(first).not.toMatch(/\(0%, 0%\)/);
    expect(await page.getByTestId('plane-note').count()).toBe(0);
    await page.mouse.move(0, 0);
    const before = await canvasPixels(page, 480);
    const held = (await readHook(page)).lastT;
    await play(page);
    await waitForHook(
      page,
      (h) => h.lastT.every((t, i) => t >= Math.max(300, held[i]! + 200)),
      'every run 200 steps on',
      180_000,
    );
    await pauseIfPlaying(page);
    await page.waitForTimeout(300);
    const played = await canvasPixels(page, 480);
    const moved = changedPixels(before, played);
    console.log(`plane ${first}; playing on from t = ${held.join(', ')} changed ${moved} pixels`);
    expect(moved).toBeGreaterThan(200);
    await page.screenshot({ path: resolve(RESULTS, 'network-plane-pca.png') });

    // The random (filter-normalized) plane: another surface under the paths.
    await page.getByLabel('Plane').selectOption('random');
    const random = await waitForPlane(page, 'random', 1);
    await page.waitForTimeout(300);
    const switched = await canvasPixels(page, 480);
    const changed = changedPixels(played, switched);
    console.log(`random plane ${random}: ${changed} pixels changed`);
    expect(changed).toBeGreaterThan(2000);
    await page.screenshot({ path: resolve(RESULTS, 'network-plane-random.png') });

    // Back to PCA, then hover the middle of run 0's path (where the page itself draws it).
    await page.getByLabel('Plane').selectOption('pca');
    await waitForPlane(page, 'pca', 1);
    const paths = await planePaths(page);
    expect(paths).toHaveLength(3);
    const run0 = paths[0]!;
    expect(run0.offPlane.length).toBeGreaterThan(5);
    expect(run0.offPlane.every((d) => d >= 0)).toBe(true);
    const k = Math.floor(run0.offPlane.length / 2);
    const at = (await page.evaluate(
      `window.__sgdLabProject(${JSON.stringify([run0.path[2 * k], run0.path[2 * k + 1]])})`,
    )) as { x: number; y: number } | null;
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x + 1, at!.y + 1);
    await page.mouse.move(at!.x, at!.y);
    const readout = page.getByTestId('surface-readout');
    await readout.getByText('off-plane d').waitFor({ timeout: 30_000 });
    const text = (await readout.textContent()) ?? '';
    const off = Number(await readout.getAttribute('data-off-plane'));
    console.log(`hover at path point ${k}: "${text.replace(/\s+/g, ' ').trim()}"`);
    expect(text).toMatch(/α .*β .*off-plane d .*true L .*plane L /s);
    expect(Number.isFinite(off) && off >= 0).toBe(true);
    // The point read is one of the runs' path points (its off-plane distance is one of theirs).
    const all = paths.flatMap((p) => p.offPlane);
    expect(all.some((d) => Math.abs(d - off) <= 1e-9 * Math.max(1, d))).toBe(true);
  }, 600_000);
});
