/**
 * The gallery's network-law figures in real Chromium, computed headless (no Play), each law measured
 * from the series the drawn view exposes (the e2e build's `__sgdLabTheory`): L(η) near a minimum — the
 * loss over τ = ηt ∈ [10, 40) exceeds its value at t = 0 (the minimum) by amounts whose ratios between η
 * and η/2 lie in [1.6, 2.5]; batch-size scaling — on the examples axis the B = 8 and B = 64 curves lie
 * within 15 % of B = 1's (interpolated at their points), the unscaled B = 8 over 50 % above past 1,000.
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './lab-fixture';
import { openTheoryFigure } from './theory-page';

const lab = useLab();

type Series = { x: number[][]; y: number[][] };
/** What this reads of the page's globals (the e2e build's hooks; no DOM types here). */
type Hooks = { __sgdLabFigure?: Record<string, unknown>; __sgdLabTheory?: Series };
const meanIn = (xs: number[], ys: number[], from: number, to: number) => {
  const v = ys.filter((_, i) => xs[i]! >= from && xs[i]! < to);
  expect(v.length).toBeGreaterThan(10);
  return v.reduce((a, b) => a + b, 0) / v.length;
};
/** ys at x by linear interpolation (x inside xs). */
const at = (xs: number[], ys: number[], x: number) => {
  const k = xs.findIndex((v) => v >= x);
  if (k <= 0) return ys[0]!;
  return ys[k - 1]! + ((ys[k]! - ys[k - 1]!) * (x - xs[k - 1]!)) / (xs[k]! - xs[k - 1]!);
};

async function series(id: string, title: string): Promise<Series> {
  const start = Date.now();
  await openTheoryFigure(lab.page, id, title);
  await lab.page.waitForFunction((key) => (globalThis as unknown as Hooks).__sgdLabFigure?.[key] !== undefined, id, {
    timeout: 60_000,
  });
  console.log(`${id}: figure in ${Date.now() - start} ms from the click`);
  // The view exposes its series once it has drawn the figure's histories.
  await lab.page.waitForFunction(
    () => ((globalThis as unknown as Hooks).__sgdLabTheory?.y[0]?.length ?? 0) > 10,
    null,
    { timeout: 60_000 },
  );
  return (await lab.page.evaluate(() => (globalThis as unknown as Hooks).__sgdLabTheory)) as Series;
}

describe('network laws in the Theory gallery', () => {
  it('L(η) on a network: excess over L(Φ*) halves with η', async () => {
    const s = await series('network-temperature', 'L(η) on a network');
    const Lstar = s.y[0]![0]!;
    const excess = s.x.map((tau, i) => meanIn(tau, s.y[i]!, 10, 40) - Lstar);
    console.log(`excess ${excess.map((e) => e.toExponential(3)).join(', ')}`);
    for (const k of [0, 1]) {
      expect(excess[k]! / excess[k + 1]!).toBeGreaterThan(1.6);
      expect(excess[k]! / excess[k + 1]!).toBeLessThan(2.5);
    }
    expect(await lab.page.getByRole('button', { name: 'Play', exact: true }).count()).toBeGreaterThan(0);
  }, 180_000);

  it('batch-size scaling on a network: B = 1, 8, 64 overlay on examples seen', async () => {
    const s = await series('network-batch-size', 'Scaling η with the batch on a network');
    const gap = (i: number, from: number) =>
      Math.max(
        ...s.x[i]!.flatMap((x, k) =>
          x > from ? [Math.abs(s.y[i]![k]! - at(s.x[0]!, s.y[0]!, x)) / at(s.x[0]!, s.y[0]!, x)] : [],
        ),
      );
    const gaps = [gap(1, 0), gap(2, 0), gap(3, 1000)];
    console.log(`gaps to B = 1: ${gaps.map((g) => g.toFixed(3)).join(', ')}`);
    expect(gaps[0]!).toBeLessThan(0.15);
    expect(gaps[1]!).toBeLessThan(0.15);
    expect(gaps[2]!).toBeGreaterThan(0.5);
  }, 180_000);
});
