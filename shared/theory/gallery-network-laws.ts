/**
 * Theory gallery entries on a network (SPEC §13), continued, on a 1-4-1 tanh regression of a noisy sine
 * (the network of test/unit/model-laws.test.ts), small enough that a figure is computed in about a
 * second: L(η) near a trained minimum with Richardson's 2L(η/2) − L(η), and batch-size scaling.
 */
import { batch, sgd, type GalleryEntry } from './gallery-entry';

/** The batch sizes scaled from B₀ = 1 by SPEC §5 (η_B = B η₁). */
export const NETWORK_BATCHES = [1, 8, 64] as const;
/** η₁, the batch-1 learning rate (η₆₄ = 0.256, well inside 2/λ_max of this network). */
export const NETWORK_ETA1 = 0.004;

/** The 1-4-1 tanh network on 64 rows of a noisy sine. */
export const SMALL_SINE = {
  model: { hidden: [4], activation: 'tanh' as const, output: 'linear' as const },
  data: { dataset: 'sine' as const, n: 64, noise: 0.1, test: 0 },
};

/**
 * Φ*, a strict minimum of that network's training loss (seed 5's data; L(Φ*) ≈ 0.00416628, |∇L| < 10⁻¹⁴,
 * H's eigenvalues from 1.5·10⁻⁷ to 5.43, the three below 10⁻⁵ carrying < 10⁻⁶ of ½tr(HC)): found by the
 * saddle-free Newton minimizer (minimize-eigen.ts) from a perturbed earlier start, which sat in a flat
 * valley (|∇L| 2.5·10⁻⁵, a negative eigenvalue) where `sgd-lab analyze` found no minimum. Every run
 * starts there, so each run's loss at t = 0 is L(Φ*).
 */
export const SMALL_SINE_MINIMUM = [
  -0.6546426746618031, -4.2043810690349, -0.7757142453053028, 3.251970435361169, -2.5952085496820083, 11.20281552788454,
  -0.021324258412046434, -5.091239588467845, 3.233354640901726, 0.3589622092687418, -1.4782247371171737,
  -0.28129648469834506, 2.53500289913402,
];
/** The stationary runs' learning rates, each half the one before. */
export const NETWORK_TEMPERATURE_ETAS = [0.005, 0.0025, 0.00125] as const;
/**
 * The window of gradient-flow time τ = ηt each run's loss is averaged over: at equal τ each direction's
 * excess, (ηΣᵢᵢ/4)(1 − e^(−2λᵢτ)) to first order, is exactly ∝ η even where it has not settled; τ ≥ 10
 * leaves the settled ones at their stationary value.
 */
export const NETWORK_TAU_WINDOW = [10, 40] as const;

export const NETWORK_LAW_ENTRIES: readonly GalleryEntry[] = [
  {
    id: 'network-temperature',
    title: 'L(η) on a network',
    claim: 'Near a trained minimum, a network’s L(η) − L(Φ*) is linear in η; 2L(η/2) − L(η) cancels it.',
    paragraph:
      'Started at a minimum Φ* of the training loss, SGD with batch 1 wanders in a cloud whose covariance ' +
      'is, to first order, C ≈ ηΣ/(2H) in each eigendirection, so its mean loss exceeds L(Φ*) by ½tr(HC) ' +
      '≈ (η/4) tr Σ: linear in η, with an O(η²) remainder. Halving η halves the excess, and Richardson’s ' +
      'extrapolation 2L(η/2) − L(η) cancels the linear term, landing within O(η²) of L(Φ*). Three η, each ' +
      'half the last, 16 networks each from Φ* (where the loss is L(Φ*), at t = 0), their loss averaged over τ = ηt ' +
      '∈ [10, 40).',
    equation:
      '\\mathcal{L}(\\eta) - \\mathcal{L}(\\Phi^{*}) \\approx \\tfrac{\\eta}{4}\\operatorname{tr}\\Sigma, \\qquad 2\\mathcal{L}(\\tfrac{\\eta}{2}) - \\mathcal{L}(\\eta) = \\mathcal{L}(\\Phi^{*}) + O(\\eta^{2})',
    view: 'network',
    network: 'temperature',
    axis: 'tau',
    burnIn: 0,
    speed: 40,
    experiment: {
      version: 1,
      title: 'Theory: L(η) on a network',
      description: 'SGD (B = 1) from a minimum Φ* of the training loss at η = 0.005, 0.0025 and 0.00125.',
      seed: 5,
      steps: Math.round(NETWORK_TAU_WINDOW[1] / NETWORK_TEMPERATURE_ETAS[2]),
      loss: SMALL_SINE,
      runs: [
        ...NETWORK_TEMPERATURE_ETAS.map((lr) => ({
          name: `η = ${lr}`,
          optimizer: sgd(lr),
          gradient: batch(1),
          start: SMALL_SINE_MINIMUM,
          particles: 16,
        })),
      ],
    },
  },
  {
    id: 'network-batch-size',
    title: 'Scaling η with the batch on a network',
    claim: 'With η_B = Bη₁, a network’s training loss per example seen is the same for B = 1, 8 and 64.',
    paragraph:
      'B steps of batch 1 at rate η₁ are, to first order in η₁, one step of batch B at rate Bη₁: the ' +
      'gradient hardly changes in between, and the noise per example, η₁Σ, is the same (SPEC §5 scales η ' +
      'by B and momentum’s N by 1/B). So runs of B = 1, 8 and 64 trace one curve against examples seen t·B ' +
      'while ηλ_max(H) ≪ 1. An unscaled B = 8 run at η₁ takes 8× fewer steps of the same size for the same ' +
      'examples and lags. A 1-4-1 tanh network fitting a noisy sine, 8 networks per run from the same start.',
    equation:
      '\\eta_B = B\\,\\eta_1,\\quad N_B = \\max(1, N_1/B), \\qquad \\mathcal{L}\\big(\\text{examples seen } tB\\big) \\text{ independent of } B',
    view: 'network',
    network: 'batch-size',
    axis: 'examples',
    burnIn: 0,
    speed: 10,
    experiment: {
      version: 1,
      title: 'Theory: batch-size scaling on a network',
      description: 'B = 1, 8, 64 with η_B = B η₁ (SPEC §5) and B = 8 unscaled, on the examples seen.',
      seed: 5,
      steps: 4000,
      loss: SMALL_SINE,
      runs: [
        ...NETWORK_BATCHES.map((B) => ({
          name: `B = ${B}, η = ${B} η₁`,
          optimizer: sgd(NETWORK_ETA1),
          gradient: batch(B),
          batchScaling: { from: 1 },
          particles: 8,
        })),
        { name: 'B = 8, η = η₁ (unscaled)', optimizer: sgd(NETWORK_ETA1), gradient: batch(8), particles: 8 },
      ],
    },
  },
];
