/**
 * The network momentum entry's figure, computed as the host computes it (figureExperiment, run whole,
 * read by figureOf), measured against an independent float64 computation written here from SPEC §3 and
 * §13: the 1-4-1 tanh network's mean squared loss and its gradient by hand, heavy ball and the running
 * average stepped on the exact gradient from the recording's own Φ₀. Then the notes' claims read off
 * the figure: the exact pair is one trajectory (to 1e-12), each noisy (η′, N) pair agrees in
 * distribution (|z| < 4), and at fixed η′ the final loss hardly moves with N while at fixed η it does.
 */
import { describe, expect, it } from 'vitest';
import { drawGeneratedSet } from '../../shared/data/generated-sets';
import { validateExperiment } from '../../shared/experiment/validate';
import { figureExperiment, figureOf } from '../../shared/theory/gallery-figure';
import { NETWORK_MOMENTUM_ENTRY } from '../../shared/theory/gallery-network-momentum';
import { exactPair, momentumCells, momentumRuns, spreadOverN, zScore } from '../../shared/theory/network-momentum';
import { runExperiment } from '../../src-main/engine/experiment-runner';

/** ½ mean (z − y)² of the 1-4-1 tanh net Φ = [W1 (1×4), b1 (4), W2 (4×1), b2] and its gradient. */
function lossAndGradient(phi: readonly number[], x: Float64Array, y: Float64Array): { loss: number; grad: number[] } {
  const grad = new Array<number>(13).fill(0);
  let loss = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const h = [0, 1, 2, 3].map((k) => Math.tanh(x[i]! * phi[k]! + phi[4 + k]!));
    const z = h.reduce((s, hk, k) => s + hk * phi[8 + k]!, phi[12]!);
    const r = z - y[i]!;
    loss += (r * r) / 2;
    grad[12]! += r;
    for (let k = 0; k < 4; k++) {
      grad[8 + k]! += r * h[k]!;
      const back = r * phi[8 + k]! * (1 - h[k]! * h[k]!);
      grad[k]! += back * x[i]!;
      grad[4 + k]! += back;
    }
  }
  return { loss: loss / n, grad: grad.map((g) => g / n) };
}

/** The loss every `every` steps of heavy ball (η, N) or the average (η′, N) on the exact gradient. */
function reference(form: 'heavy' | 'average', lr: number, N: number, phi0: number[], steps: number, every: number) {
  const data = drawGeneratedSet({ dataset: 'sine', n: 64, noise: 0.1, test: 0, standardize: false }, 5);
  const phi = [...phi0];
  const state = new Array<number>(13).fill(0);
  const beta = 1 - 1 / N;
  const losses: number[] = [];
  for (let t = 0; ; t++) {
    const { loss, grad } = lossAndGradient(phi, data.x, data.y as Float64Array);
    if (t % every === 0) losses.push(loss);
    if (t === steps) return losses;
    for (let j = 0; j < 13; j++) {
      if (form === 'heavy') {
        state[j] = beta * state[j]! + lr * grad[j]!;
        phi[j]! -= state[j]!;
      } else {
        state[j] = beta * state[j]! + (1 - beta) * grad[j]!;
        phi[j]! -= lr * state[j]!;
      }
    }
  }
}

describe('momentum’s two parameterizations on a network (gallery figure)', () => {
  it('matches a float64 reference, and shows the notes’ claims with their errors', async () => {
    const checked = validateExperiment(figureExperiment(NETWORK_MOMENTUM_ENTRY));
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const experiment = checked.experiment;
    const start = performance.now();
    const recording = await runExperiment(experiment, { baseDir: '.' });
    const figure = figureOf(recording, 0, performance.now() - start);
    console.log(`network-momentum: computed in ${figure.ms.toFixed(0)} ms`);
    const histories = figure.runs.map((r) => r.history);
    const runs = momentumRuns(experiment);
    expect(runs).toHaveLength(experiment.runs.length);

    // The exact pair against the hand-written reference, from the recording's Φ₀ (every run's start).
    const every = experiment.record.every;
    const phi0 = recording.runs[0]!.positions[0]![0] as number[];
    expect(phi0).toHaveLength(13);
    const pair = exactPair(runs, histories)!;
    for (const r of [pair.average, pair.heavy]) {
      const o = experiment.runs[r.index]!.optimizer as { lr: number; N: number };
      const ref = reference(r.form, o.lr, o.N, phi0, experiment.steps, every);
      const got = histories[r.index]!.loss;
      expect(got).toHaveLength(ref.length);
      const worst = Math.max(...ref.map((v, k) => Math.abs(got[k]! - v) / v));
      console.log(
        `${experiment.runs[r.index]!.name}: L ${ref[0]!.toFixed(6)} → ${ref.at(-1)!.toFixed(6)}, worst rel. error ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-9);
    }
    // One trajectory: heavy ball (η′/N, N) and the average (η′, N) on the exact gradient.
    console.log(`exact pair: largest |ΔL| ${pair.maxGap.toExponential(2)}`);
    expect(pair.maxGap).toBeLessThan(1e-12);

    // The noisy sweep: every (η′, N) in both forms, each form's final loss with its standard error.
    const cells = momentumCells(runs, histories, experiment.steps);
    expect(cells).toHaveLength(9);
    for (const c of cells) {
      const z = zScore(c.average!, c.heavy!);
      console.log(
        `η′ ${c.etaPrime}, N ${c.N}: average ${c.average!.value.toFixed(5)} ± ${c.average!.stderr.toFixed(5)}, ` +
          `heavy ball ${c.heavy!.value.toFixed(5)} ± ${c.heavy!.stderr.toFixed(5)}, z ${z.toFixed(2)}`,
      );
      // The same in distribution: the difference is of the order of its standard error.
      expect(Math.abs(z)).toBeLessThan(4);
    }
    // At fixed η′ the final loss hardly moves with N …
    const spreads = spreadOverN(cells);
    console.log(
      `spread over N at fixed η′: ${spreads.map((s) => `${s.etaPrime}: ${(100 * s.spread).toFixed(1)} %`).join(', ')}`,
    );
    for (const s of spreads) expect(s.spread).toBeLessThan(0.1);
    // … while at fixed η = 1/32 heavy ball with N = 4 (η′ = 1/8) ends far below N = 1 (η′ = 1/32).
    const at = (etaPrime: number, N: number) => cells.find((c) => c.etaPrime === etaPrime && c.N === N)!.heavy!.value;
    const shift = (at(1 / 32, 1) - at(1 / 8, 4)) / at(1 / 8, 4);
    console.log(`fixed η = 1/32: N = 1 → N = 4 changes the loss by ${(100 * shift).toFixed(1)} %`);
    expect(shift).toBeGreaterThan(0.1);
  }, 120_000);
});
