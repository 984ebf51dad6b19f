/**
 * The gallery's network entries, computed as their figures are (the entry's experiment sized by
 * figureExperiment, run whole, read by figureOf): each figure shows its law, measured here from the
 * figure's own data. Annealing: the annealed run's mean training loss over the 200 steps before each
 * cut is clearly above its mean over steps 300–500 after it (a drop at each cut), while the constant-η
 * run's does not drop there. Edge of stability: full-batch GD's late sharpness (t ≥ 1500) is within 20 %
 * of 2/η for each η, and minibatch SGD's stays below 2/η.
 */
import { describe, expect, it } from 'vitest';
import type { RunHistory } from '../../shared/contract/lab';
import { computeFigure as figure } from './theory-network-fixture';

/** Mean of `ys` over the history's steps in [from, to). */
function meanOver(h: RunHistory, ys: readonly number[], from: number, to: number): number {
  const picked = h.t.flatMap((t, i) => (t >= from && t < to && Number.isFinite(ys[i]!) ? [ys[i]!] : []));
  expect(picked.length).toBeGreaterThan(3);
  return picked.reduce((a, b) => a + b, 0) / picked.length;
}

describe('network entries of the Theory gallery', () => {
  it('annealing a network: the training loss drops at each of the two cuts', async () => {
    const { figure: f } = await figure('network-annealing');
    const [annealed, constant] = f.runs.map((r) => r.history);
    for (const cut of [1000, 2000]) {
      const before = meanOver(annealed!, annealed!.loss, cut - 200, cut);
      const after = meanOver(annealed!, annealed!.loss, cut + 300, cut + 500);
      const cBefore = meanOver(constant!, constant!.loss, cut - 200, cut);
      const cAfter = meanOver(constant!, constant!.loss, cut + 300, cut + 500);
      console.log(
        `cut ${cut}: annealed ${before.toFixed(4)} -> ${after.toFixed(4)}; constant ${cBefore.toFixed(4)} -> ${cAfter.toFixed(4)}`,
      );
      expect(after).toBeLessThan(before * 0.85);
      expect(after / before).toBeLessThan((cAfter / cBefore) * 0.9);
    }
  }, 120_000);

  it('edge of stability: GD hovers at 2/η, minibatch SGD stays below', async () => {
    const { figure: f, experiment } = await figure('edge-of-stability');
    const runs = experiment.runs.length / 2;
    for (let i = 0; i < runs; i++) {
      const eta = experiment.runs[i]!.optimizer.lr;
      const gd = f.runs[i]!.history;
      const sgd = f.runs[i + runs]!.history;
      const sharpGd = meanOver(gd, gd.model!.sharpness!, 1500, Infinity);
      const sharpSgd = meanOver(sgd, sgd.model!.sharpness!, 1500, Infinity);
      console.log(`eta ${eta}: 2/eta ${(2 / eta).toFixed(2)}, GD ${sharpGd.toFixed(2)}, SGD ${sharpSgd.toFixed(2)}`);
      expect(Math.abs(sharpGd - 2 / eta)).toBeLessThan(0.2 * (2 / eta));
      expect(sharpSgd).toBeLessThan(2 / eta);
    }
  }, 120_000);
});
