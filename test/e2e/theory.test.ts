/**
 * The Theory gallery in a real browser against the real server: the gallery opens, the stationary and
 * the temperature experiments load and run live, and each theory panel draws both the measurement
 * (in the runs' colours) and the prediction (in the theory colour), with the equation typeset by KaTeX
 * and the table exported as CSV.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS } from './helpers';
import { useLab } from './lab-fixture';
import {
  RUN_COLORS,
  THEORY,
  downloadTheoryCsv,
  figureSaturatedCounts,
  openTheoryExperiment,
  pauseRuns,
  waitForColors as waitForFigureColors,
} from './theory-page';

const RUN0 = RUN_COLORS[0]!;
/** The dark theme's chart background, under the 1-D histogram's bars (fill-opacity 0.55). */
const DARK_BG = [0x1a, 0x1d, 0x24];
const blend = (c: number[], bg: number[], a: number) => c.map((v, i) => Math.round(a * v + (1 - a) * bg[i]!));

const lab = useLab({ acceptDownloads: true });

describe('the Theory gallery', () => {
  it('lists the notes’ claims as experiments', async () => {
    await lab.page.getByTestId('theory-gallery-button').click();
    const cards = lab.page.getByTestId('theory-gallery').locator('[data-testid^="theory-card-"]');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(7);
    await lab.page.keyboard.press('Escape');
    await lab.page.getByTestId('theory-gallery').waitFor({ state: 'detached' });
  });

  it('stationary distribution: the histogram of the cloud under the predicted Gaussian', async () => {
    await openTheoryExperiment(lab.page, 'stationary-1d', 'Stationary distribution (1-D)');
    await lab.page.getByText('Theory: stationary distribution (1-D)').first().waitFor();
    // The equation is typeset by KaTeX.
    expect(await lab.page.getByTestId('theory-equation').locator('.katex').count()).toBeGreaterThan(0);
    const counts = await waitForFigureColors(
      lab.page,
      [blend(RUN0, DARK_BG, 0.55), THEORY],
      150,
      'histogram bars and the density',
    );
    expect(counts[0]).toBeGreaterThan(150);
    expect(counts[1]).toBeGreaterThan(150);
    await lab.page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-stationary.png') });
    expect(lab.pageErrors).toEqual([]);
  });

  it('learning rate as temperature: L(η) points beside the predicted line, exported as CSV', async () => {
    await openTheoryExperiment(lab.page, 'temperature', 'Learning rate as temperature');
    // The measured points appear once the runs are past their burn-in.
    const counts = await waitForFigureColors(lab.page, [RUN0, THEORY], 40, 'L(η) points and the predicted line');
    expect(counts[1]).toBeGreaterThan(40);
    await lab.page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-temperature.png') });
    const { name, lines: csv } = await downloadTheoryCsv(lab.page);
    expect(name).toBe('temperature.csv');
    expect(csv[0]).toMatch(/^run,eta,B,L_measured,/);
    // One row per run (8 learning rates) and a final line end.
    expect(csv.length).toBe(1 + 8 + 1);
    expect(lab.pageErrors).toEqual([]);
  });

  it('momentum: a quick sweep runs with its progress bar and fills both heatmaps, exported as CSV', async () => {
    await openTheoryExperiment(lab.page, 'momentum', 'Momentum’s two parameterizations');
    // The live runs paused, so that the page (software WebGL) answers a click at once. On a loaded
    // machine they may end (1,000 steps) before the test looks for Pause, which then never comes: this
    // test lets them end first, as such a machine would, and pauseRuns waits on the state either way.
    await pauseRuns(lab.page);
    // The full grid (228 cells, several seconds), cancelled as soon as it runs: it stops between two
    // cells with the finished ones kept.
    await lab.page.getByTestId('sweep-run').click();
    // (No wait for the button to be still: the lab.page redraws after every cell.)
    await lab.page.getByTestId('sweep-cancel').waitFor({ timeout: 120_000 });
    await lab.page.getByTestId('sweep-cancel').click({ force: true });
    await lab.page.locator('[data-testid="sweep-progress"]:not([data-status="running"])').waitFor({ timeout: 120_000 });
    expect(await lab.page.getByTestId('sweep-progress-text').textContent()).toMatch(/cancelled/);
    const kept = Number((await lab.page.getByTestId('sweep-progress-text').textContent())!.split(' / ')[0]);
    expect(kept).toBeLessThan(228);
    await lab.page.getByTestId('sweep-grid').selectOption('quick');
    await lab.page.getByTestId('sweep-run').click();
    await lab.page.getByTestId('sweep-progress').waitFor({ timeout: 120_000 });
    const text = lab.page.getByTestId('sweep-progress-text');
    await text.filter({ hasText: '54 / 54 cells · done' }).waitFor({ timeout: 300_000 });
    expect(await lab.page.getByTestId('sweep-progress').getAttribute('data-status')).toBe('done');
    // Saturated (viridis) pixels inside each map: the SVG's maps span x 46–204 and 252–410, y 26–242.
    const counts = await figureSaturatedCounts(lab.page, [
      [46, 26, 158, 216],
      [252, 26, 158, 216],
    ]);
    expect(counts[0]).toBeGreaterThan(20_000);
    expect(counts[1]).toBeGreaterThan(20_000);
    await lab.page.getByTestId('theory-panel').screenshot({ path: resolve(RESULTS, 'theory-momentum.png') });
    const { name, lines: csv } = await downloadTheoryCsv(lab.page);
    expect(name).toBe('momentum.csv');
    expect(csv[0]).toBe('optimizer,N,lr,eta_prime,final_loss,L,L_stderr,diverged,final_loss_predicted');
    // One row per cell (3 N × 9 rates × 2 parameterizations) and a final line end.
    expect(csv.length).toBe(1 + 54 + 1);
    expect(lab.pageErrors).toEqual([]);
    // Its own limit: two sweeps on a loaded 2-core machine may take longer than the suite's 180 s.
  }, 600_000);

  it('every other experiment of the gallery opens, runs and draws its figure without a lab.page error', async () => {
    // (batch-size after annealing: a 2-D experiment's late frame once met the new 1-D domain.)
    for (const id of [
      'double-well',
      'stationary-2d',
      'convergence',
      'annealing',
      'batch-size',
      'gradient-flow',
      'langevin-plateau',
    ]) {
      await lab.page.getByTestId('theory-gallery-button').click();
      await lab.page.getByTestId(`theory-card-${id}`).click();
      await lab.page.getByTestId('theory-gallery').waitFor({ state: 'detached' });
      await lab.page.getByTestId('theory-figure').waitFor({ timeout: 60_000 });
      // Let it play a little: the charts redraw as the runs move (a log axis over losses near 0 too).
      await lab.page.waitForTimeout(2500);
      expect(lab.pageErrors, id).toEqual([]);
    }
  });
});
