/**
 * The formula momentum entry's figure computed headless (momentum-figure.ts): the quick grid as one
 * experiment of 54 runs, read back as the sweep's cells. Checked against SGD's closed form written here:
 * at N = 1 both forms are SGD (heavy ball at η, the average at η′), whose x_T on ½x² with N(0, σ²)
 * noise from x₀ is Gaussian with mean (1 − η)^T x₀ and variance σ²η²(1 − (1 − η)^{2T})/(1 − (1 − η)²):
 * each stable cell's final loss lies within 4 standard errors of ½(mean² + variance). Then the notes'
 * claim read off the heatmaps: the best heavy-ball η moves as N^−1, the best η′ stays (slopes −1 and 0).
 */
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../shared/experiment/validate';
import { findGalleryEntry } from '../../shared/theory/gallery';
import { figureExperiment, figureFrames, figureOf } from '../../shared/theory/gallery-figure';
import { MOMENTUM_GRIDS } from '../../shared/theory/gallery-momentum';
import { MOMENTUM_FIGURE_PARTICLES, momentumFigureCells } from '../../shared/theory/momentum-figure';
import { bestSlope, heatmapOf } from '../../shared/theory/momentum-heatmap';
import { runExperiment } from '../../src-main/engine/experiment-runner';

/** E ½x_T² of SGD at η on ½x² with noise variance σ² from x₀, and the sd of a P-particle mean of ½x_T². */
function sgdFinal(eta: number, T: number, x0 = 2, sigma2 = 1, P = MOMENTUM_FIGURE_PARTICLES) {
  const a = 1 - eta;
  const m = a ** T * x0;
  const v = (sigma2 * eta * eta * (1 - a ** (2 * T))) / (1 - a * a);
  // ½x² with x ~ N(m, v): variance ½v² + m²v.
  return { mean: 0.5 * (m * m + v), sd: Math.sqrt((0.5 * v * v + m * m * v) / P) };
}

describe('the momentum entry’s computed figure', () => {
  it('its N = 1 cells match SGD’s closed form; best η ∝ N^−1, best η′ ∝ N^0', async () => {
    const entry = findGalleryEntry('momentum')!;
    const checked = validateExperiment(figureExperiment(entry));
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const experiment = checked.experiment;
    const start = performance.now();
    const recording = await runExperiment(experiment, { baseDir: '.', threads: 1 });
    const figure = figureOf(recording, figureFrames(entry), performance.now() - start);
    console.log(`momentum figure: ${experiment.runs.length} runs in ${figure.ms.toFixed(0)} ms`);
    const cells = momentumFigureCells(experiment.runs, figure, experiment.steps / 2);
    expect(cells).toHaveLength(54);
    let checkedCells = 0;
    for (const cell of cells) {
      const [N, , lr] = cell.values as [number, string, number];
      if (N !== 1 || lr >= 2) continue; // η ≥ 2: SGD diverges (its particles freeze where they left)
      const ref = sgdFinal(lr, experiment.steps);
      const got = cell.runs[0]!.finalLoss!;
      const z = (got - ref.mean) / ref.sd;
      console.log(`${cell.runs[0]!.name}: ${got.toExponential(3)} vs ${ref.mean.toExponential(3)} (z ${z.toFixed(2)})`);
      expect(Math.abs(z)).toBeLessThan(4);
      checkedCells++;
    }
    expect(checkedCells).toBe(2 * 8);
    const grid = MOMENTUM_GRIDS.quick;
    const heavy = heatmapOf(cells, 'momentum', [...grid.N], [...grid.lr]);
    const average = heatmapOf(cells, 'momentum-ema', [...grid.N], [...grid.lr]);
    console.log(
      `best-rate slopes: heavy ball ${bestSlope(heavy).toFixed(2)}, average ${bestSlope(average).toFixed(2)}`,
    );
    expect(bestSlope(heavy)).toBeCloseTo(-1, 1);
    expect(bestSlope(average)).toBeCloseTo(0, 1);
  }, 120_000);
});
