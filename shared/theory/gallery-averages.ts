/**
 * The Theory gallery's running-averages experiment: the plain EMA from a zero start, the notes'
 * min(t, N) average and Adam's bias-corrected EMA on one gradient sequence, the EMA's start-up bias
 * visible, beside the same averages held live as optimizer state by three runs on a constant gradient.
 */
import type { GalleryEntry } from './gallery-entry';

/** The average length N of every run (β = 1 − 1/N = 0.95). */
export const AVERAGES_N = 20;
/** The constant gradient g of the linear loss g·x, and the noise's standard deviation. */
export const AVERAGES_G = 0.5;
export const AVERAGES_SD = 1;

const noise = { kind: 'gaussian' as const, batch: 1, cov: [[AVERAGES_SD * AVERAGES_SD]] };
const common = { gradient: noise, start: [0], particles: 2000 };

export const AVERAGES_ENTRY: GalleryEntry = {
  id: 'averages',
  title: 'Running averages and bias correction',
  claim: 'An EMA started at zero is biased towards 0 for its first N steps; min(t, N) and Adam’s m̂ are not.',
  paragraph:
    'Momentum and Adam keep running averages of the gradient estimates. The exponential moving average ' +
    'μ_t = β μ_{t−1} + (1 − β) ĝ_t with β = 1 − 1/N averages about the last N steps, but started at μ₀ = 0 ' +
    'its expectation is (1 − βᵗ) g: for the first N or so steps it is pulled towards zero. The notes’ ' +
    'simplified Adam averages with weight 1/min(t, N), a plain mean of all steps until t reaches N; Adam ' +
    'divides its m by 1 − β₁ᵗ instead (m̂). Both are unbiased from the first step. The figure feeds one ' +
    'noisy sequence ĝ_t = g + ε_t to the three rules of the optimizer table; the dots are the live runs’ ' +
    'own state (the mean over their particles) on a loss g·x with the same noise.',
  equation:
    '\\begin{gathered} \\mu_t = \\beta\\,\\mu_{t-1} + (1-\\beta)\\,\\hat g_t, \\quad E\\,\\mu_t = (1-\\beta^{t})\\,g \\\\ \\hat m_t = \\frac{m_t}{1-\\beta_1^{t}}, \\qquad \\mu_t = \\Big(1-\\frac{1}{k}\\Big)\\mu_{t-1} + \\frac{\\hat g_t}{k},\\; k = \\min(t, N) \\end{gathered}',
  view: 'averages',
  burnIn: 0,
  speed: 1,
  axis: 't',
  experiment: {
    version: 1,
    title: 'Theory: running averages',
    description: 'A constant gradient with noise: the EMA, the min(t, N) average and Adam’s m̂ held as optimizer state.',
    seed: 12,
    steps: 160,
    loss: { expr: `${AVERAGES_G} * x`, params: ['x'], domain: [[-3, 3]] },
    runs: [
      {
        name: `EMA (momentum, averaged), N = ${AVERAGES_N}`,
        optimizer: { type: 'momentum-ema', lr: 0.001, N: AVERAGES_N },
        ...common,
      },
      {
        name: `min(t, N) (Adam, notes), N = ${AVERAGES_N}`,
        optimizer: { type: 'adam-simplified', lr: 0.001, Ng: AVERAGES_N, Ns: AVERAGES_N },
        ...common,
      },
      {
        name: `Adam, β₁ = ${1 - 1 / AVERAGES_N}`,
        optimizer: { type: 'adam', lr: 0.001, beta1: 1 - 1 / AVERAGES_N },
        ...common,
      },
    ],
  },
};
