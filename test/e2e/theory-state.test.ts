/**
 * The optimizer state and the running averages in a real browser against the real server: the
 * running-averages experiment draws its three averages (in the runs' colours) beside the true mean
 * (the theory colour); the runs panel's "Show optimizer state" lists each run's state in numbers, with
 * Adam's bias-corrected m̂ and v̂; the 2-D stationary experiment draws its predicted and Boltzmann
 * ellipses on the 3-D surface (pixels of their colours that go when its panel closes).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS, canvasPixels, changedPixels, type CanvasPixels } from './helpers';
import { useLab } from './lab-fixture';
import {
  BOLTZMANN,
  RUN_COLORS as RUNS,
  THEORY,
  downloadTheoryCsv,
  figureColorCounts,
  openTheoryExperiment,
  pollUntil,
} from './theory-page';

/** Pixels of the 3-D canvas within `tolerance` of a colour. */
function canvasCount(p: CanvasPixels, color: number[], tolerance = 36): number {
  let n = 0;
  for (let i = 0; i < p.rgb.length; i += 3)
    if (
      Math.abs(p.rgb[i]! - color[0]!) + Math.abs(p.rgb[i + 1]! - color[1]!) + Math.abs(p.rgb[i + 2]! - color[2]!) <=
      tolerance
    )
      n++;
  return n;
}

const lab = useLab({ acceptDownloads: true });

describe('running averages and optimizer state', () => {
  it('the running-averages experiment draws the EMA, min(t, N) and m̂ curves beside the true mean', async () => {
    await openTheoryExperiment(lab.page, 'averages');
    await lab.page
      .getByTestId('theory-panel')
      .getByRole('heading', { name: 'Running averages and bias correction' })
      .waitFor();
    const counts = await pollUntil(
      lab.page,
      () => figureColorCounts(lab.page, [...RUNS, THEORY]),
      (c) => c.every((n) => n >= 100),
      'the three averages and the mean',
    );
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(100);
    await lab.page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-averages.png') });
    const { name, lines: csv } = await downloadTheoryCsv(lab.page);
    expect(name).toBe('averages.csv');
    expect(csv[0]).toBe(
      't,g_t,ema,min_t_N,adam_m,adam_m_hat,expected_ema,g,run1_state_mean,run2_state_mean,run3_state_mean',
    );
    // One row per step of the sequence (160) and a final line end; at t = 1 the EMA is g₁/N, m̂ and min(t, N) g₁.
    expect(csv.length).toBe(1 + 160 + 1);
    const [t1, g1, ema1, min1, , hat1] = csv[1]!.split(',').map(Number);
    expect(t1).toBe(1);
    expect(ema1).toBeCloseTo(g1! / 20, 12);
    expect(min1).toBeCloseTo(g1!, 12);
    expect(hat1).toBeCloseTo(g1!, 12);
    expect(lab.pageErrors).toEqual([]);
  });

  it('"Show optimizer state" lists each run’s state in numbers, with Adam’s m̂ and v̂', async () => {
    // The experiment is short (160 steps): by now it is done and the picture still.
    await pollUntil(
      lab.page,
      () => lab.page.evaluate('window.__sgdLab?.lastT ?? []') as Promise<number[]>,
      (t) => t.length === 3 && t.every((v) => v === 160),
      'the runs at their last step',
    );
    const before = await canvasPixels(lab.page, 700);
    await lab.page.getByTestId('show-optimizer-state').check();
    // Each run's head gets an arrow along its first moment (−μ, −m) in the scene.
    await pollUntil(
      lab.page,
      () => canvasPixels(lab.page, 700),
      (p) => changedPixels(before, p) > 30,
      'the state arrows in the scene',
    );
    await lab.page.getByTestId('lab-canvas').screenshot({ path: resolve(RESULTS, 'state-arrows.png') });
    const tables = lab.page.getByTestId('optimizer-state');
    await pollUntil(
      lab.page,
      () => tables.count(),
      (n) => n === 3,
      'three state tables',
    );
    // Let the runs step (the lab plays the gallery experiment); then every table holds numbers.
    const adam = tables.nth(2);
    await pollUntil(
      lab.page,
      () => adam.locator('td').allTextContents(),
      (cells) => cells.length >= 4 && cells.slice(1).some((c) => /\d/.test(c) && Number.parseFloat(c) !== 0),
      'Adam’s state in numbers',
    );
    const names = await adam.locator('td.name').allTextContents();
    expect(names).toEqual(['m', 'm\u0302', 'v', 'v\u0302']);
    expect(await tables.nth(0).locator('td.name').allTextContents()).toEqual(['μ']);
    expect(await tables.nth(1).locator('td.name').allTextContents()).toEqual(['μ', 's']);
    const values = (await adam.locator('td:not(.name)').allTextContents()).map((c) =>
      Number.parseFloat(c.replace('−', '-')),
    );
    expect(values.every(Number.isFinite)).toBe(true);
    await lab.page.getByTestId('show-optimizer-state').uncheck();
    await tables.first().waitFor({ state: 'detached' });
    expect(lab.pageErrors).toEqual([]);
  });

  it('the 2-D stationary experiment draws the predicted and Boltzmann ellipses on the 3-D surface', async () => {
    await openTheoryExperiment(lab.page, 'stationary-2d');
    await lab.page.getByText('Theory: stationary distribution (2-D)').first().waitFor();
    const withEllipses = await pollUntil(
      lab.page,
      () => canvasPixels(lab.page, 700),
      (p) => canvasCount(p, THEORY) >= 60 && canvasCount(p, BOLTZMANN) >= 60,
      'ellipse pixels on the canvas',
    );
    await lab.page.getByTestId('lab-canvas').screenshot({ path: resolve(RESULTS, 'theory-ellipses-3d.png') });
    // Folded, the panel keeps its view: the ellipses stay on the surface (and the figure keeps measuring).
    await lab.page.getByRole('button', { name: 'Fold the theory panel' }).click();
    await lab.page.getByTestId('theory-figure').waitFor({ state: 'hidden' });
    await lab.page.waitForTimeout(500);
    const folded = await canvasPixels(lab.page, 700);
    expect(canvasCount(folded, THEORY)).toBeGreaterThanOrEqual(60);
    expect(canvasCount(folded, BOLTZMANN)).toBeGreaterThanOrEqual(60);
    await lab.page.getByRole('button', { name: 'Show the theory panel' }).click();
    // Closing the panel removes them: the pixels of their colours were the ellipses'.
    await lab.page.getByTestId('theory-panel').getByRole('button', { name: 'Close the theory panel' }).click();
    const without = await pollUntil(
      lab.page,
      () => canvasPixels(lab.page, 700),
      (p) => canvasCount(p, BOLTZMANN) < canvasCount(withEllipses, BOLTZMANN) / 4,
      'the ellipses gone',
    );
    expect(canvasCount(withEllipses, THEORY) - canvasCount(without, THEORY)).toBeGreaterThan(50);
    expect(canvasCount(withEllipses, BOLTZMANN) - canvasCount(without, BOLTZMANN)).toBeGreaterThan(50);
    expect(lab.pageErrors).toEqual([]);
  });
});
