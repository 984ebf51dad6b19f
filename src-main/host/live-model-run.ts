/**
 * A network's run (SPEC §13) as the live lab steps it: the CLI's engine (engine/model/model-run.ts),
 * plus what a frame carries beyond a formula's — the measures (`Frame.model`) and the first particle's
 * Φ in float64, the point of its path the landscape plane is framed from.
 *
 * Frame cap: a network's positions are D numbers a particle, so a frame carries at most
 * `FRAME_NUMBERS` / D particles (at least the first): all of a 2-8-1 net's (D = 33) up to 6,060, three
 * of the digits net's (D ≈ 51,000). A history's path keeps at most `PATH_NUMBERS` numbers.
 */
import type { ModelMeasures } from '../../shared/contract/network';
import type { ModelData } from '../../shared/data/model-data';
import type { Experiment } from '../../shared/experiment/experiment';
import type { RunStats } from '../engine/api';
import { ModelRun, type ModelStats } from '../engine/model/model-run';

/** The most position numbers (particles × D) one frame of a network carries. */
export const FRAME_NUMBERS = 200_000;
/** The most numbers of the first particle's path one run's history keeps (points × D). */
export const PATH_NUMBERS = 2_000_000;

/** Particles a frame of a D-weight network shows when the view asks for `max` (0 stays 0). */
export function frameParticles(max: number, D: number): number {
  return max <= 0 ? 0 : Math.min(max, Math.max(1, Math.floor(FRAME_NUMBERS / D)));
}

/** A ModelRun whose frames and history carry a network's measures and its first particle's Φ. */
export class LiveModelRun extends ModelRun {
  /** A network trains on the compiled float64 CPU engine whatever the worker's backend (as `sgd-lab run`). */
  readonly backend = 'compiled' as const;

  constructor(
    experiment: Experiment,
    runIndex: number,
    private readonly examples: ModelData,
  ) {
    super(experiment, runIndex, examples);
  }

  /** The first particle's full training loss (NaN once it stopped). */
  firstLoss(): number {
    if (!this.runArrays.alive[0]) return NaN;
    return this.net.evaluate(this.runArrays.phi, 0, this.examples.train).loss;
  }

  /** The first particle's Φ in float64. */
  first64(): Float64Array {
    return this.positions64(1);
  }

  /** A frame's measures from this step's statistics. */
  frameMeasures(stats: RunStats & Partial<ModelStats>): ModelMeasures {
    return {
      testLoss: stats.testLoss ?? NaN,
      accuracy: stats.accuracy ?? NaN,
      testAccuracy: stats.testAccuracy ?? NaN,
      ...(stats.sharpness !== undefined ? { sharpness: stats.sharpness } : {}),
      firstLoss: this.firstLoss(),
    };
  }
}
