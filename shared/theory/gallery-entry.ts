/**
 * What a Theory gallery entry is: a claim of the lecture notes as a preset experiment, with the notes'
 * argument in a paragraph, its equation (TeX, rendered by the view) and which view puts measurement
 * beside prediction. The experiments are ordinary `.lab.json` contents; the lab runs them live.
 */
import type { ExperimentInput } from '../experiment/experiment';

/** How a gallery experiment is shown. */
export type TheoryView =
  /** The cloud against its predicted stationary law: histogram (1-D) or covariance ellipses (2-D). */
  | 'stationary'
  /** L(η) over runs of different constant η: points with error bars, the predicted line, Richardson. */
  | 'temperature'
  /** L(t) − L(Φ*) of each run beside its predicted curve (moment recursion), the theorem's conditions. */
  | 'curves'
  /** Loss against τ = Σ η of SGD runs beside the gradient-flow run (the prediction), gap per η. */
  | 'flow'
  /** E‖Φ_τ − Φ₀‖² against τ on a plateau beside η tr(Σ) τ (Brownian motion). */
  | 'diffusion'
  /** Final-loss heatmaps of a sweep over two grids: momentum's (η, N) and (η′, N). */
  | 'heatmap'
  /** One gradient sequence's EMA, min(t, N) average and Adam's m̂ beside the live runs' optimizer state. */
  | 'averages'
  /** A network's law (`network` says which): its training loss or sharpness against t beside the prediction. */
  | 'network';

export interface GalleryEntry {
  id: string;
  title: string;
  /** The claim in one line, for the gallery's card. */
  claim: string;
  /** The notes' argument, in a paragraph (plain text; $…$ spans are TeX). */
  paragraph: string;
  /** The claim's equation in TeX (display style). */
  equation: string;
  view: TheoryView;
  /** Recorded steps t < burnIn are left out of time averages. */
  burnIn: number;
  /** Steps per frame the lab plays it at. */
  speed: number;
  /** A 1-D stationary view's prediction: the quadratic-basin Gaussian (default) or the Boltzmann density. */
  density?: 'gaussian' | 'boltzmann';
  /** The time axis of `curves` and `flow` views. */
  axis?: 't' | 'examples' | 'tau';
  /**
   * A `network` view's law: annealing's drops at the cuts, sharpness against 2/η, L(η) near a minimum
   * (`temperature`), batch-scaled runs overlaid on examples seen, or momentum's two forms over (η′, N).
   */
  network?: 'annealing' | 'edge-of-stability' | 'temperature' | 'batch-size' | 'momentum';
  /**
   * Particles per run of the figure computed headless (default FIGURE_PARTICLES, 400), where fewer still
   * resolve the claim with its standard errors and the figure then comes sooner (issue #22's 2 s).
   */
  figureParticles?: number;
  experiment: ExperimentInput & { title: string };
}

/** Plain SGD at learning rate `lr`. */
export const sgd = (lr: number) => ({ type: 'sgd' as const, lr });
/** Minibatch gradients of batch size B. */
export const batch = (B: number) => ({ kind: 'minibatch' as const, batch: B });
