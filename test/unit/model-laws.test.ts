/**
 * The lecture notes' laws on a real network (SPEC §13), through the engine's public entry point
 * (runExperiment): a 1-4-1 tanh network with a linear output on 64 generated `sine` rows.
 * - L(η) − L(Φ*) rises linearly in η near a minimum (excess ≈ ½ tr(H C), C ≈ η Σ/(2H) to first order);
 * - halving η twice (a `step` schedule) drops the loss at each cut;
 * - batch-scaled momentum runs (B = 1 vs B = 8, SPEC §5) overlay on the examples axis.
 * Every run has a fixed seed; the tolerances are argued from the theory beside each assertion.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import type { RunRecording } from '../../shared/experiment/recording';
import { experimentOf } from './theory-fixtures';

const SEED = 5;
const loss = {
  model: { hidden: [4], activation: 'tanh', output: 'linear' },
  data: { dataset: 'sine', n: 64, noise: 0.1, test: 0 },
};

/** One experiment of the network above, run on one thread; returns its runs' recordings. */
async function run(steps: number, runs: object[], every: number): Promise<RunRecording[]> {
  const e = experimentOf({ seed: SEED, steps, loss, runs, record: { every } } as never);
  return (await runExperiment(e, { baseDir: '.', threads: 1 })).runs;
}

/** Mean recorded loss over the recorded steps whose `axis` value lies in [from, to). */
function meanLoss(r: RunRecording, axis: number[], from: number, to: number): number {
  const picked = r.loss.filter((_, k) => axis[k]! >= from && axis[k]! < to) as number[];
  expect(picked.length).toBeGreaterThan(0);
  return picked.reduce((s, l) => s + l, 0) / picked.length;
}

/** Φ*: heavy-ball momentum on the exact gradient for 10⁵ steps (η_eff = 0.3), from Φ₀; found once. */
let found: Promise<{ star: number[]; Lstar: number }> | undefined;
const minimum = () => (found ??= findMinimum());
async function findMinimum(): Promise<{ star: number[]; Lstar: number }> {
  const [r] = await run(
    100_000,
    [{ optimizer: { type: 'momentum', lr: 0.03, N: 10 }, gradient: { kind: 'exact' } }],
    20_000,
  );
  const L = r!.loss as number[];
  // A minimum, not a slope: the last 20,000 steps lower the loss by less than 0.2 %.
  expect(L.at(-2)! - L.at(-1)!).toBeLessThan(0.002 * L.at(-1)!);
  return { star: r!.final.positions[0] as number[], Lstar: r!.final.loss! };
}

describe('the notes on a network', () => {
  it('L(η) − L(Φ*) rises linearly in η near a minimum; Richardson 2L(η/2) − L(η) is nearer L(Φ*)', async () => {
    const { star, Lstar } = await minimum();
    // Each η runs for the same gradient-flow time τ = η t (60) and is averaged over τ ∈ [10, 60):
    // in the linearized theory each eigendirection's excess is (η Σ_ii / 4)(1 − e^(−2 η λ_i t)), so at
    // equal τ it is exactly proportional to η even in directions that have not settled; burn-in τ = 10
    // leaves the settled ones (relaxation τ ≈ 1/(2λ) ≲ 2 here) at their stationary value.
    const TAU = 60;
    const excess: number[] = [];
    for (const eta of [0.005, 0.0025, 0.00125]) {
      const [r] = await run(
        Math.round(TAU / eta),
        [
          {
            optimizer: { type: 'sgd', lr: eta },
            gradient: { kind: 'minibatch', batch: 1 },
            start: star,
            particles: 50,
          },
        ],
        Math.round(0.5 / eta),
      );
      excess.push(meanLoss(r!, r!.tau, 10, TAU + 1) - Lstar);
    }
    for (const e of excess) expect(e).toBeGreaterThan(0);
    // excess(η)/excess(η/2) = 2 + O(η) (the η² term of the excess); the mean over 50 particles × ~100
    // recorded steps (correlated over τ ≈ 1) has a relative standard error of a few %, so [1.6, 2.5]
    // is several errors wide yet tells linear (2) from √η (1.41) and η² (4).
    expect(excess[0]! / excess[1]!).toBeGreaterThan(1.6);
    expect(excess[0]! / excess[1]!).toBeLessThan(2.5);
    expect(excess[1]! / excess[2]!).toBeGreaterThan(1.6);
    expect(excess[1]! / excess[2]!).toBeLessThan(2.5);
    // Richardson: 2L(η/2) − L(η) cancels the linear term, leaving O(η²): nearer L(Φ*) than L(η/2).
    for (const k of [0, 1]) expect(Math.abs(2 * excess[k + 1]! - excess[k]!)).toBeLessThan(excess[k + 1]!);
  }, 60_000);

  it('annealing η by ½ twice drops the loss at each cut', async () => {
    const { star, Lstar } = await minimum();
    // SGD with B = 1 from Φ*, η = 0.005 halved at steps 8,000 and 16,000: the loss sits at the noise floor
    // L(Φ*) + excess(η) with excess ∝ η (the law above), so each cut should halve the excess.
    const [T1, T2, T] = [8000, 16_000, 24_000];
    const [r] = await run(
      T,
      [
        {
          optimizer: { type: 'sgd', lr: 0.005 },
          schedule: { type: 'step', factor: 0.5, at: [T1, T2] },
          gradient: { kind: 'minibatch', batch: 1 },
          start: star,
          particles: 50,
        },
      ],
      100,
    );
    // Windows of 4,000 steps (τ ≥ 5, several relaxation times 1/(2ηλ) of the settled directions, so
    // ~40 recorded means over 50 particles each: a few % standard error); the after-window starts 2,000
    // steps past the cut, after the excess has relaxed to its new level.
    const before = (t: number) => meanLoss(r!, r!.t, t - 4000, t) - Lstar;
    const after = (t: number) => meanLoss(r!, r!.t, t + 2000, t + 6000) - Lstar;
    for (const cut of [T1, T2]) {
      expect(after(cut)).toBeLessThan(before(cut));
      // excess(η)/excess(η/2) ≈ 2 as in the law above: the same band.
      expect(before(cut) / after(cut)).toBeGreaterThan(1.6);
      expect(before(cut) / after(cut)).toBeLessThan(2.5);
    }
  }, 60_000);

  it('batch-scaled momentum runs, B = 1 and B = 8, overlay on the examples axis; unscaled B = 8 does not', async () => {
    const E = 40_000; // examples seen by each run
    const momentum = (B: number, scaled: boolean) => ({
      name: `B${B}${scaled ? ' scaled' : ''}`,
      optimizer: { type: 'momentum', lr: 0.0005, N: 16 },
      gradient: { kind: 'minibatch', batch: B },
      ...(scaled ? { batchScaling: { from: 1 } } : {}),
      particles: 50,
    });
    const [one] = await run(E, [momentum(1, false)], 400);
    const [scaled, unscaled] = await run(E / 8, [momentum(8, true), momentum(8, false)], 50);
    // Both B = 8 runs record at the same examples seen t·B as the B = 1 run (every 400 examples).
    expect(scaled!.examples).toEqual(one!.examples);
    expect(unscaled!.examples).toEqual(one!.examples);
    const lastThird = (r: RunRecording) => meanLoss(r, r.examples, (2 * E) / 3, E + 1);
    const [m1, m8, m8u] = [lastThird(one!), lastThird(scaled!), lastThird(unscaled!)];
    // The runs' own spread: the scatter of the B = 1 curve's recorded means about their trend in the
    // last third, from successive differences (the trend moves < 1e-5 per 400 examples there).
    const tail = (one!.loss as number[]).filter((_, k) => one!.examples[k]! >= (2 * E) / 3);
    const diffs = tail.slice(1).map((l, k) => l - tail[k]!);
    const spread = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length / 2);
    // Scaling keeps the per-example SDE (drift η′ = ηN per example, noise η′Σ/B per example), so the two
    // curves differ only by noise and an O(η′B) discretization term: their last-third means agree within
    // 15 % and within 4 spreads of a single recorded mean (the means over ~33 points are tighter still).
    expect(Math.abs(m8 - m1)).toBeLessThan(0.15 * m1);
    expect(Math.abs(m8 - m1)).toBeLessThan(4 * spread);
    // Pointwise, the whole curve overlays: one recorded mean over 50 particles scatters by ≈ 1 % of the
    // loss (spread / m1), so the difference of two curves by ≈ 1.4 %; 10 % is ~7 of those at every point.
    one!.loss.forEach((l, k) => expect(Math.abs(scaled!.loss[k]! - l!)).toBeLessThan(0.1 * l!));
    // Unscaled B = 8 at the same η and N takes 8× fewer steps of the same size over the same examples:
    // it lags far behind, by more than 20 spreads and 30 %.
    expect(m8u - m1).toBeGreaterThan(20 * spread);
    expect(m8u - m1).toBeGreaterThan(0.3 * m1);
  }, 60_000);
});
