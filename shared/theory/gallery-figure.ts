/**
 * A Theory gallery entry's figure computed headless: the experiment the figure runs (the entry's, with
 * the user's η, N and B, and sized to be computed in about a second), and what the views read of its
 * recording — each run's history and its recorded frames — as the host's `theoryFigure` answers it.
 *
 * The sizing: a figure records at most `FIGURE_RECORDED_STEPS` steps (the entry's live run records every
 * step it draws; the figure's time averages and histograms read these recorded steps, every
 * ⌈steps/400⌉-th), and keeps at most `FIGURE_PARTICLES` particles per run (the live lab's 1,000 to 2,000:
 * the stationary moments then come from 400 particles × 400 steps, 160,000 samples a run), or the
 * entry's `figureParticles` where fewer resolve its claim.
 */
import { HISTORY_POINTS, type Frame } from '../contract/lab';
import type { TheoryFigure } from '../contract/theory';
import { frameAt, historyAt } from '../contract/recording-reader';
import { historyMeasures, recordingDims } from '../contract/replay-model';
import type { ExperimentInput } from '../experiment/experiment';
import type { Recording } from '../experiment/recording';
import type { GalleryEntry } from './gallery-entry';
import { momentumFigureExperiment } from './momentum-figure';

/** Most recorded steps of a figure's runs. */
export const FIGURE_RECORDED_STEPS = 400;
/** Most particles of a figure's run (and recorded of each). */
export const FIGURE_PARTICLES = 400;

/** The user's controls of a figure: η and B as factors on every run's, N the particles of each run. */
export interface FigureControls {
  /** Every run's η (and schedule's start) times this. */
  eta: number;
  /** Every minibatch run's batch size times this (rounded, at least 1). */
  batch: number;
  /** Particles per run (a run of one particle keeps one: a deterministic run or the flow's reference). */
  particles: number | null;
}

export const DEFAULT_CONTROLS: FigureControls = { eta: 1, batch: 1, particles: null };

type RunInput = ExperimentInput['runs'][number];

/** The particles per run of an entry's figure unless the user asks for others. */
export function figureParticles(entry: GalleryEntry): number {
  return Math.min(entry.figureParticles ?? FIGURE_PARTICLES, FIGURE_PARTICLES);
}

/** One run with the controls applied (a run of one particle stays one; `P` the entry's figure default). */
function controlledRun(run: RunInput, c: FigureControls, P0: number): RunInput {
  const particles = run.particles ?? 1;
  const P = particles === 1 ? 1 : Math.min(c.particles ?? Math.min(particles, P0), FIGURE_PARTICLES);
  const g = run.gradient as { kind?: string; batch?: number } | undefined;
  const gradient =
    g?.kind === 'minibatch' && c.batch !== 1 ? { ...g, batch: Math.max(1, Math.round((g.batch ?? 1) * c.batch)) } : g;
  const optimizer = { ...run.optimizer, lr: (run.optimizer.lr ?? 0) * c.eta };
  return { ...run, optimizer, ...(gradient ? { gradient } : {}), particles: P };
}

/**
 * The experiment an entry's figure runs: the entry's, with the controls, recording at most 400 steps
 * (the momentum entry's: its sweep's quick grid as one experiment, momentum-figure.ts).
 */
export function figureExperiment(entry: GalleryEntry, c: FigureControls = DEFAULT_CONTROLS): ExperimentInput {
  if (entry.view === 'heatmap') return momentumFigureExperiment();
  const e = entry.experiment;
  const steps = e.steps;
  const every = Math.max(e.record?.every ?? 1, Math.ceil(steps / FIGURE_RECORDED_STEPS));
  const runs = e.runs.map((r) => controlledRun(r, c, figureParticles(entry)));
  const particles = Math.min(FIGURE_PARTICLES, Math.max(...runs.map((r) => r.particles ?? 1)));
  return { ...e, runs, record: { ...e.record, every, particles: e.loss.model ? 1 : particles } };
}

/** Frames a diffusion figure reads a run: its mean squared displacement against τ (a smooth line). */
export const DIFFUSION_FRAMES = 101;

/**
 * How many frames an entry's view reads: a stationary cloud's moments and histogram every recorded
 * step, a diffusion's displacement curve fewer, the momentum heatmaps each cell's last; curves none.
 */
export function figureFrames(entry: GalleryEntry): number {
  if (entry.view === 'stationary') return FIGURE_RECORDED_STEPS + 1;
  if (entry.view === 'heatmap') return 1; // each cell's last: its final loss and diverged particles
  return entry.view === 'diffusion' ? DIFFUSION_FRAMES : 0;
}

/**
 * What a view reads of a figure's recording: each run's history (every recorded step, up to
 * HISTORY_POINTS) and at most `frames` of its recorded frames, evenly spaced, the last step last.
 */
export function figureOf(recording: Recording, frames: number, ms: number): TheoryFigure {
  const dims = recordingDims(recording);
  const runs = recording.runs.map((run, r) => {
    const last = run.t.length - 1;
    const history = historyAt(run, last, dims, HISTORY_POINTS, (steps) => historyMeasures(recording, r, steps));
    const picked: Frame[] = [];
    if (frames > 0 && last >= 0) {
      const stride = Math.max(1, Math.ceil((last + 1) / frames));
      for (let k = last % stride; k <= last; k += stride) picked.push(frameAt(run, r, k, dims, Infinity));
    }
    return { history, frames: picked };
  });
  return { runs, ms };
}
