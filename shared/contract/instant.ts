/**
 * Instant mode's part of the lab's contract: `history` with `instant` answers every run's whole path
 * up to `steps` at once (`Reply.instant`), computed in the run workers from the runs' settings now.
 */
import type { Experiment } from '../experiment/experiment';
import type { Frame, RunHistory } from './lab';

/** A run with more particles than this is watched live by default (instant mode computes it whole). */
export const INSTANT_MAX_PARTICLES = 10_000;
/**
 * Particle-steps of a whole experiment (Σ particles × steps) above which it is watched live by default:
 * about a second in the run workers on a loaded 2-core machine.
 */
export const INSTANT_MAX_WORK = 100_000_000;

/**
 * Instant by default (the view's Instant toggle; the lab computes such an experiment's paths as soon as
 * it is loaded): a formula loss (a network is watched live) whose every run has at most 10⁴ particles
 * and whose whole work is at most `INSTANT_MAX_WORK` particle-steps.
 */
export function instantByDefault(experiment: Experiment): boolean {
  if (experiment.loss.model) return false;
  const work = experiment.runs.reduce((n, r) => n + r.particles * experiment.steps, 0);
  return experiment.runs.every((r) => r.particles <= INSTANT_MAX_PARTICLES) && work <= INSTANT_MAX_WORK;
}

/**
 * One run's whole path computed at once (instant mode): its statistics and its first particle's path at
 * evenly spaced steps from t = 0 to the experiment's `steps` (the last step last; `path` has one point
 * per `t`), and its final frame with every particle up to the display cap.
 */
export interface InstantRun {
  history: RunHistory;
  final: Frame;
}

/**
 * Every run's whole path (`history` with `instant`), numbered by the request it answers. A run that is
 * null is the same as in answer `since` (asked with `since`: the view has it; a dragged η changes one
 * run, and the others are not sent again).
 */
export interface InstantPaths {
  generation: number;
  runs: (InstantRun | null)[];
  since?: number;
  /**
   * The steps between two rows the lab keeps of every run (1: every step), which `history` with
   * `instant` and `at` reads exactly (the scrubber); `history` above is thinned for drawing.
   */
  every?: number;
}

/** The error of an instant request that a newer one superseded (its result would be stale). */
export const INSTANT_SUPERSEDED = 'superseded: a newer change is being computed';
