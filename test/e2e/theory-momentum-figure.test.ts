/**
 * The formula momentum entry in real Chromium, computed headless: opening it fills both heatmaps (the
 * sweep's quick grid computed in the theory worker) without Play and without Run sweep, says so, and
 * its verdict reads the best-rate slopes off the computed cells (heavy ball about −1, average about 0).
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './lab-fixture';
import { figureSaturatedCounts, openTheoryFigure } from './theory-page';

const lab = useLab();

describe('momentum’s two parameterizations, computed', () => {
  it('opens with both heatmaps filled, no sweep run', async () => {
    const start = Date.now();
    await openTheoryFigure(lab.page, 'momentum', 'Momentum’s two parameterizations');
    // A function, not a string: the page's CSP forbids evaluating strings while polling.
    await lab.page.waitForFunction(
      () => (globalThis as unknown as { __sgdLabFigure?: Record<string, unknown> }).__sgdLabFigure?.momentum,
      null,
      { timeout: 60_000 },
    );
    console.log(`momentum: figure in ${Date.now() - start} ms from the click`);
    const panel = lab.page.getByTestId('theory-panel');
    await panel.getByTestId('momentum-source').waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('sweep-progress').count()).toBe(0);
    // Saturated (viridis) pixels inside each map: the SVG's maps span x 46–204 and 252–410, y 26–242.
    const counts = await figureSaturatedCounts(lab.page, [
      [46, 26, 158, 216],
      [252, 26, 158, 216],
    ]);
    console.log(`saturated pixels: ${counts.join(', ')}`);
    expect(counts[0]).toBeGreaterThan(20_000);
    expect(counts[1]).toBeGreaterThan(20_000);
    const verdict = await panel.getByTestId('momentum-verdict').innerText();
    console.log(verdict);
    const [heavy, average] = [...verdict.matchAll(/s = ([−-]?[\d.]+)/g)].map((m) => Number(m[1]!.replace('−', '-')));
    expect(heavy).toBeCloseTo(-1, 1);
    expect(average).toBeCloseTo(0, 1);
    expect(await lab.page.getByRole('button', { name: 'Play', exact: true }).count()).toBeGreaterThan(0);
    expect(lab.pageErrors).toEqual([]);
  }, 180_000);
});
