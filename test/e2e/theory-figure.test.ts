/**
 * Theory figures computed headless, in real Chromium: opening an entry draws its figure without Play
 * (the lab's clock stays at t = 0); the network annealing entry's figure shows a drop in training loss
 * at each of its two cuts, measured here from the figure's data the e2e build exposes; the time from
 * opening to the figure is printed per entry.
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './lab-fixture';
import { openTheoryFigure } from './theory-page';

const lab = useLab();

type Series = { x: number[][]; y: number[][] };
const mean = (xs: number[], ys: number[], from: number, to: number) => {
  const v = ys.filter((_, i) => xs[i]! >= from && xs[i]! < to && Number.isFinite(ys[i]!));
  return v.reduce((a, b) => a + b, 0) / v.length;
};

describe('computed Theory figures', () => {
  it('the network annealing figure appears without Play and drops at both cuts', async () => {
    const start = Date.now();
    await openTheoryFigure(lab.page, 'network-annealing', 'Annealing a network');
    await lab.page.waitForFunction("window.__sgdLabFigure?.['network-annealing'] !== undefined", null, {
      timeout: 60_000,
    });
    console.log(`network-annealing: figure in ${Date.now() - start} ms from the click`);
    const series = (await lab.page.evaluate('window.__sgdLabTheory')) as Series;
    const [x, y] = [series.x[0]!, series.y[0]!];
    for (const cut of [1000, 2000])
      expect(mean(x, y, cut + 300, cut + 500)).toBeLessThan(0.85 * mean(x, y, cut - 200, cut));
    // No Play: the lab's runs stand at t = 0.
    expect(await lab.page.getByRole('button', { name: 'Play', exact: true }).count()).toBeGreaterThan(0);
  }, 120_000);
});
