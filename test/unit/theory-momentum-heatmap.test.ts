/**
 * The momentum heatmaps: the exact final-loss prediction against SGD's closed form (N = 1), the
 * measured sweep (run by the sweep job on the compiled engine) within its sampling error of the
 * prediction, and the notes' point on small sizes — the best η′ stays in one column for every N, the
 * best heavy-ball η moves as 1/N — within the grid's resolution.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepJob } from '../../src-main/sweep/sweep-job';
import { MOMENTUM_GRIDS, momentumSweep } from '../../shared/theory/gallery-momentum';
import {
  bestColumns,
  bestSlope,
  heatmapOf,
  isMomentumSweep,
  predictedBestColumns,
  predictedFinalLoss,
  type MomentumProblem,
} from '../../shared/theory/momentum-heatmap';

/** The gallery's problem: ½x², noise variance 1, from x = 2, 1,000 steps. */
const problem: MomentumProblem = { H: 1, sigma2: 1, x0: 2, steps: 1000 };

describe('the predicted final loss', () => {
  it('is SGD’s closed form for N = 1 (heavy ball and average alike)', () => {
    for (const eta of [0.001, 0.05, 0.5, 1.5]) {
      const p = { H: 2, sigma2: 0.7, x0: 1.5, steps: 300 };
      const r = 1 - eta * p.H;
      const mean = r ** p.steps * p.x0;
      const variance = (p.sigma2 * eta * eta * (1 - r ** (2 * p.steps))) / (1 - r * r);
      const exact = 0.5 * p.H * (mean * mean + variance);
      expect(predictedFinalLoss('momentum', eta, 1, p)).toBeCloseTo(exact, 12);
      expect(predictedFinalLoss('momentum-ema', eta, 1, p)).toBeCloseTo(exact, 12);
    }
  });

  it('is one function of η′ = Nη in both parameterizations, and infinite past the stability bound', () => {
    expect(predictedFinalLoss('momentum', 0.001, 8, problem)).toBe(
      predictedFinalLoss('momentum-ema', 0.008, 8, problem),
    );
    // Heavy ball on a quadratic is stable for ηH < 2(1 + β); at β = 7/8, 3.75.
    expect(predictedFinalLoss('momentum', 3.7, 8, problem)).toBeLessThan(Infinity);
    expect(predictedFinalLoss('momentum', 4.5, 8, problem)).toBe(Infinity);
  });

  it('on the full grid, puts the best η′ in one column for every N and the best η one column lower per doubling', () => {
    const { N: Ns, lr: lrs } = MOMENTUM_GRIDS.full;
    const ema = predictedBestColumns('momentum-ema', [...Ns], [...lrs], problem);
    const heavy = predictedBestColumns('momentum', [...Ns], [...lrs], problem);
    expect(new Set(ema).size).toBe(1);
    // N doubles from row to row, the grid's η halves from column to column.
    heavy.forEach((c, r) => expect(c).toBe(ema[0]! - r));
  });
});

describe('the momentum sweep as a file', () => {
  it('resources/theory/momentum.sweep.json is the gallery’s full grid (for sgd-lab sweep)', () => {
    const file = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../resources/theory/momentum.sweep.json'), 'utf8'),
    ) as Record<string, unknown>;
    const { version, title, description, ...grid } = file;
    expect({ version, title: typeof title, description: typeof description }).toEqual({
      version: 1,
      title: 'string',
      description: 'string',
    });
    expect(grid).toEqual(momentumSweep('full'));
  });
});

describe('the measured heatmaps (quick grid, 256 particles)', async () => {
  const grid = momentumSweep('quick');
  const particles = 256;
  const experiment = grid.experiment as { runs: { particles: number }[] };
  experiment.runs[0]!.particles = particles;
  const job: SweepJob = new SweepJob(() => undefined, { threads: 1 });
  expect(await job.start(grid, process.cwd())).toEqual({ ok: true });
  await job.settled();
  const progress = job.status()!;
  const Ns = [...MOMENTUM_GRIDS.quick.N];
  const lrs = [...MOMENTUM_GRIDS.quick.lr];
  const heavy = heatmapOf(progress.cells, 'momentum', Ns, lrs);
  const ema = heatmapOf(progress.cells, 'momentum-ema', Ns, lrs);

  it('fills both maps from the sweep', () => {
    expect(isMomentumSweep(progress)).toBe(true);
    expect(progress).toMatchObject({ status: 'done', done: 54, total: 54 });
    for (const map of [heavy, ema]) expect(map.cells.flat().every((c) => c !== undefined)).toBe(true);
  });

  it('measures each cell within its sampling error of the exact prediction', () => {
    // The mean of ½x² over P Gaussian particles has a relative standard error of at most √(2/P).
    const tolerance = 5 * Math.sqrt(2 / particles);
    let checked = 0;
    for (const map of [heavy, ema])
      map.loss.forEach((row, r) =>
        row.forEach((measured, c) => {
          const predicted = predictedFinalLoss(map.type, map.lrs[c]!, map.Ns[r]!, problem);
          if (predicted > 1e3) return;
          expect(measured, `${map.type} N = ${map.Ns[r]} lr = ${map.lrs[c]}`).toBeTypeOf('number');
          expect(Math.abs((measured as number) - predicted) / predicted).toBeLessThan(tolerance);
          checked++;
        }),
      );
    expect(checked).toBeGreaterThan(40);
  });

  it('shows the notes’ point: the best η′ does not move with N, the best η moves as 1/N', () => {
    const bestEma = bestColumns(ema);
    const bestHeavy = bestColumns(heavy);
    // Within one grid step (a factor 4 here) of the same column for every N…
    expect(Math.max(...(bestEma as number[])) - Math.min(...(bestEma as number[]))).toBeLessThanOrEqual(1);
    // …while η·N (N = 4ʳ, the grid's lr = 4ᶜ) stays within one step of constant.
    const products = bestHeavy.map((c, r) => (c as number) + r);
    expect(Math.max(...products) - Math.min(...products)).toBeLessThanOrEqual(1);
    expect(Math.abs(bestSlope(ema))).toBeLessThan(0.25);
    expect(Math.abs(bestSlope(heavy) + 1)).toBeLessThan(0.25);
    // And the measured best cells are the predicted ones, within a column.
    const predictedEma = predictedBestColumns('momentum-ema', Ns, lrs, problem);
    const predictedHeavy = predictedBestColumns('momentum', Ns, lrs, problem);
    bestEma.forEach((c, r) => expect(Math.abs((c as number) - predictedEma[r]!)).toBeLessThanOrEqual(1));
    bestHeavy.forEach((c, r) => expect(Math.abs((c as number) - predictedHeavy[r]!)).toBeLessThanOrEqual(1));
  });
});
