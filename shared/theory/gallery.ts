/**
 * The Theory gallery: each claim of the lecture notes as a preset experiment, with the notes' argument
 * in a paragraph, its equation (TeX, rendered by the view) and which view puts measurement beside
 * prediction. The experiments are ordinary `.lab.json` contents; the lab runs them live.
 */
import type { ExperimentInput } from '../spec/experiment';
import { MOMENTUM_ENTRY } from './gallery-momentum';
import { AVERAGES_ENTRY } from './gallery-averages';

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
  | 'averages';

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
  experiment: ExperimentInput & { title: string };
}

const sgd = (lr: number) => ({ type: 'sgd' as const, lr });
const batch = (B: number) => ({ kind: 'minibatch' as const, batch: B });

const TEMPERATURE_ETAS = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08];

export const GALLERY: readonly GalleryEntry[] = [
  {
    id: 'stationary-1d',
    title: 'Stationary distribution (1-D)',
    claim: 'The cloud settles into a Gaussian of variance ηΣ/(2H − ηH²), not ηΣ/2H.',
    paragraph:
      'SGD defines a Markov process Φ ← Φ − η ĝ. On the notes’ one-dimensional example ½(x − u)² the ' +
      'gradient estimate is ĝ = x − u with u drawn from the data, so even at the optimum ĝ ≠ 0 and the ' +
      'particles never settle: they reach a stationary law. In a quadratic basin with curvature H and ' +
      'gradient noise Σ, the variance C is unchanged by one step when C = (1 − ηH)²C + η²Σ, which gives the ' +
      'exact variance below; for small η it is the Langevin (Boltzmann) value ηΣ/2H. Three learning rates ' +
      'show the η H² correction growing: at ηH = 1.4 the cloud is more than three times wider than the ' +
      'small-η formula says.',
    equation:
      'C = \\frac{\\eta\\,\\Sigma}{2H - \\eta H^{2}}, \\qquad p(\\Phi) \\propto \\exp\\!\\left(-\\frac{(\\Phi-\\Phi^{*})^{2}}{2C}\\right)',
    view: 'stationary',
    burnIn: 200,
    speed: 20,
    experiment: {
      version: 1,
      title: 'Theory: stationary distribution (1-D)',
      description: 'The notes’ ½(x − u)² at three constant η: histogram of the cloud against ηΣ/(2H − ηH²).',
      seed: 7,
      steps: 6000,
      loss: { preset: 'quadratic-1d' },
      runs: [0.2, 0.8, 1.4].map((lr) => ({
        name: `η = ${lr}`,
        optimizer: sgd(lr),
        gradient: batch(1),
        start: [1],
        particles: 2000,
      })),
    },
  },
  {
    id: 'double-well',
    title: 'Stationary distribution: double well',
    claim: 'In one dimension the stationary law is Boltzmann, ∝ exp(−2L/ησ²): both wells, not one Gaussian.',
    paragraph:
      'Under Langevin dynamics dΦ = −g dτ + √η ε √dτ with constant noise ε ~ N(0, σ²), the stationary density ' +
      'solves a differential equation (zero probability current) whose solution in one dimension is a ' +
      'Boltzmann distribution at temperature T = ησ²/2. Away from a quadratic basin it is not Gaussian: on ' +
      'the double well (x² − 1)² it has two peaks, one per well, and particles started in the left well hop ' +
      'over the barrier until each well holds half the cloud. Ten Euler–Maruyama substeps per η keep the ' +
      'discretization’s own bias small.',
    equation:
      'p(\\Phi) = \\frac{1}{Z} \\exp\\!\\left(-\\frac{2\\,\\mathcal{L}(\\Phi)}{\\eta\\,\\sigma^{2}}\\right), \\qquad \\mathcal{L}(\\Phi) = (\\Phi^{2} - 1)^{2}',
    view: 'stationary',
    density: 'boltzmann',
    burnIn: 1000,
    speed: 10,
    experiment: {
      version: 1,
      title: 'Theory: double well (1-D)',
      description: 'Langevin dynamics on (x² − 1)² with constant noise, started in the left well: both wells fill.',
      seed: 6,
      steps: 8000,
      loss: { expr: '(x^2 - 1)^2', params: ['x'], domain: [[-2, 2]] },
      runs: [
        {
          name: 'Langevin η = 0.05, σ² = 20',
          optimizer: sgd(0.05),
          dynamics: { type: 'langevin', substeps: 10 },
          gradient: { kind: 'gaussian', batch: 1, cov: [[20]] },
          start: [-1],
          particles: 2000,
        },
      ],
    },
  },
  {
    id: 'stationary-2d',
    title: 'Stationary distribution (2-D)',
    claim: 'In two dimensions the cloud is no Boltzmann distribution when Σ is not ∝ H.',
    paragraph:
      'In one dimension the stationary distribution of SGD is a Boltzmann distribution. The notes warn that ' +
      'this is not generally true in higher dimension. In a quadratic basin the stationary covariance C ' +
      'solves the equation below: the noise Σ shapes the cloud, not only the curvature H. On this regression ' +
      'basin Σ ≈ diag(3, 0.09) while H ≈ diag(1, 0.09), so the cloud is stretched along x, whereas the ' +
      'Boltzmann density exp(−L/T) with the same mean loss would be stretched along y. (The noise also grows ' +
      'slightly with the distance from Φ*, which the theory at Φ* leaves out: a per cent or two here.)',
    equation:
      '\\begin{gathered} H C + C H - \\eta\\, H C H = \\eta\\, \\Sigma \\\\ \\text{vs. Boltzmann } e^{-\\mathcal{L}/T}\\!: \\; C_{\\mathrm{B}} = T H^{-1}, \\quad T = \\tfrac{1}{2}\\operatorname{tr}(HC) \\end{gathered}',
    view: 'stationary',
    burnIn: 1500,
    speed: 20,
    experiment: {
      version: 1,
      title: 'Theory: stationary distribution (2-D)',
      description:
        'Anisotropic regression basin, Σ not ∝ H: measured and predicted covariance ellipses beside the Boltzmann one.',
      seed: 3,
      steps: 8000,
      loss: {
        preset: 'quadratic-2d',
        domain: [
          [0, 2],
          [0, 2],
        ],
      },
      runs: [{ name: 'SGD η = 0.02', optimizer: sgd(0.02), gradient: batch(1), start: [1, 1], particles: 2000 }],
    },
  },
  {
    id: 'temperature',
    title: 'Learning rate as temperature',
    claim: 'L(η) rises linearly from L(Φ*) with slope E‖gᵢ − g‖²/4B; 2L(η/2) − L(η) recovers L(Φ*).',
    paragraph:
      'Let P_η be the stationary distribution at learning rate η and L(η) the mean loss under it. Stationarity ' +
      'of E‖ΔΦ‖² under one step gives ½ E ΔΦᵀHΔΦ = (η/4) E‖gᵢ + HᵢΔΦ‖², so L(η) = L(Φ*) + (η/4) E‖gᵢ‖² + O(η²): ' +
      'the learning rate acts as a temperature. With batch B the slope is E‖gᵢ − g‖²/4B. Since L is linear ' +
      'in η to first order, the Richardson extrapolation 2L(η/2) − L(η) recovers L(Φ*) (the notes’ summary ' +
      'slide drops the ¼ and flips the extrapolation’s sign; SPEC §7 corrects both). Eight runs of 2,000 ' +
      'particles each measure L(η) as a time average after burn-in. The theorem fixes the slope at η = 0: on ' +
      'this basin the noise grows with the distance from Φ*, so L(η) bends upward and the slope is read off ' +
      'a parabola fitted through the points.',
    equation:
      '\\begin{gathered} \\mathcal{L}(\\eta) \\approx \\mathcal{L}(\\Phi^{*}) + \\frac{\\eta}{4B}\\, E_i \\|g_i - g\\|^{2} \\\\ \\mathcal{L}(\\Phi^{*}) \\approx 2\\,\\mathcal{L}(\\eta/2) - \\mathcal{L}(\\eta) \\end{gathered}',
    view: 'temperature',
    burnIn: 2000,
    speed: 20,
    experiment: {
      version: 1,
      title: 'Theory: learning rate as temperature',
      description: 'Eight constant learning rates on the regression basin: L(η) against L(Φ*) + (η/4B) E‖gᵢ − g‖².',
      seed: 11,
      steps: 8000,
      loss: {
        preset: 'quadratic-2d',
        domain: [
          [0, 2],
          [0, 2],
        ],
      },
      runs: TEMPERATURE_ETAS.map((lr) => ({
        name: `η = ${lr}`,
        optimizer: sgd(lr),
        gradient: batch(1),
        start: [1, 1],
        particles: 2000,
      })),
    },
  },
  {
    id: 'convergence',
    title: 'The classical convergence theorem',
    claim: 'Only a schedule with ηₜ → 0 and Σ ηₜ = ∞ converges: constant plateaus, exponential freezes early.',
    paragraph:
      'For a sufficiently smooth non-negative loss, SGD with ηₜ > 0, ηₜ → 0 and Σ ηₜ = ∞ converges. The ' +
      'physicist’s proof: once η is small, any meaningful move averages many gradients at nearly the same ' +
      'point, so the noise averages out; and since Σ ηₜ = ∞ the particles can still travel arbitrarily far. ' +
      'A constant rate plateaus at the temperature’s excess loss; an exponential schedule has a finite sum, ' +
      'so the particles freeze before they arrive; 1/t meets both conditions and keeps descending. The ' +
      'dashed curves are the exact moment recursion of SGD on this basin.',
    equation: '\\eta_t > 0, \\qquad \\lim_{t\\to\\infty} \\eta_t = 0, \\qquad \\sum_{t} \\eta_t = \\infty',
    view: 'curves',
    burnIn: 0,
    speed: 10,
    axis: 't',
    experiment: {
      version: 1,
      title: 'Theory: the convergence theorem',
      description: 'Constant, 1/t and exponential schedules from the same start on ½(x − u)².',
      seed: 5,
      steps: 6000,
      loss: { preset: 'quadratic-1d' },
      runs: [
        { name: 'constant', optimizer: sgd(0.05), gradient: batch(1), start: [3], particles: 1000 },
        {
          name: '1/t (τ = 100)',
          optimizer: sgd(0.05),
          schedule: { type: 'inverse-time', tau: 100 },
          gradient: batch(1),
          start: [3],
          particles: 1000,
        },
        {
          name: 'exponential (γ = 0.985)',
          optimizer: sgd(0.05),
          schedule: { type: 'exponential', gamma: 0.985 },
          gradient: batch(1),
          start: [3],
          particles: 1000,
        },
      ],
    },
  },
  {
    id: 'annealing',
    title: 'Annealing the learning rate',
    claim: 'Each cut of η lowers the plateau: the loss drops at every cut, by half the excess.',
    paragraph:
      'The ResNet plots in the notes reduce η twice, each time by a factor of 2, and the training error drops ' +
      'at each cut. With η as a temperature the reason is plain: the stationary excess loss is proportional ' +
      'to η, so halving η halves the excess once the cloud has relaxed (within about 1/ηH steps), and the ' +
      'covariance ellipse shrinks with it. Beside the annealed run, the same run at a constant η. (The noise grows ' +
      'a little off Φ*, which the prediction at Φ* leaves out: a few per cent at the first η.)',
    equation:
      '\\begin{gathered} \\mathcal{L}(\\eta) - \\mathcal{L}(\\Phi^{*}) \\approx \\frac{\\eta}{4B} E_i\\|g_i - g\\|^{2} \\\\ \\eta \\to \\tfrac{\\eta}{2} \\;\\Rightarrow\\; \\mathcal{L} - \\mathcal{L}(\\Phi^{*}) \\to \\tfrac{1}{2}\\,(\\mathcal{L} - \\mathcal{L}(\\Phi^{*})) \\end{gathered}',
    view: 'curves',
    burnIn: 0,
    speed: 20,
    axis: 't',
    experiment: {
      version: 1,
      title: 'Theory: annealing',
      description: 'η halved at steps 3000 and 6000 on the regression basin, beside a constant η.',
      seed: 2,
      steps: 9000,
      loss: {
        preset: 'quadratic-2d',
        domain: [
          [0, 2],
          [0, 2],
        ],
      },
      runs: [
        { name: 'constant η = 0.04', optimizer: sgd(0.04), gradient: batch(1), start: [1.5, 1.5], particles: 1000 },
        {
          name: 'step ×½ at 3000, 6000',
          optimizer: sgd(0.04),
          schedule: { type: 'step', factor: 0.5, at: [3000, 6000] },
          gradient: batch(1),
          start: [1.5, 1.5],
          particles: 1000,
        },
      ],
    },
  },
  {
    id: 'batch-size',
    title: 'Scaling η with the batch size',
    claim: 'With η_B = Bη₁ the loss per example seen is the same for every batch size — until ηH is large.',
    paragraph:
      'Two SGD steps with batch 1 at rate η₁ are, to first order, one step with batch 2 at rate 2η₁, since ' +
      'the gradient hardly changes in between; so η_B = Bη₁ and runs of different B trace the same curve ' +
      'against the number of examples seen. The temperature η/B is unchanged, so the plateau is too. The ' +
      'argument needs ηH ≪ 1: at B = 64 the step is 0.64 H and the curve departs. An unscaled B = 64 run at ' +
      'η₁ converges far more slowly per example.',
    equation: '\\eta_B = B\\,\\eta_1, \\qquad \\text{examples seen} = t\\,B',
    view: 'curves',
    burnIn: 0,
    speed: 2,
    axis: 'examples',
    experiment: {
      version: 1,
      title: 'Theory: batch-size scaling',
      description:
        'B = 1, 4, 16, 64 with η_B = Bη₁ on ½(x − u)², and B = 64 without scaling, on an examples-seen axis.',
      seed: 9,
      steps: 2000,
      loss: { preset: 'quadratic-1d' },
      runs: [
        ...[1, 4, 16, 64].map((B) => ({
          name: `B = ${B}, η = ${B} η₁`,
          optimizer: sgd(0.01),
          gradient: batch(B),
          batchScaling: { from: 1 },
          start: [3],
          particles: 1000,
        })),
        { name: 'B = 64, η = η₁', optimizer: sgd(0.01), gradient: batch(64), start: [3], particles: 1000 },
      ],
    },
  },
  {
    id: 'gradient-flow',
    title: 'SGD → gradient flow',
    claim: 'As η → 0, SGD against τ = Σ η follows the ODE dΦ/dτ = −g(Φ); the gap shrinks with η.',
    paragraph:
      'Gradient flow is the differential equation dΦ/dτ = −g(Φ), and Δτ can be read as a learning rate. SGD ' +
      'also yields gradient flow: split the updates up to a time τ into √N blocks of √N updates each; the ' +
      'time within a block vanishes while the number of updates in it grows, so the average update of a ' +
      'block converges to g. Against τ = Σ η, runs at η, η/2 and η/4 close in on the flow (solved by ' +
      'Runge–Kutta), the gap shrinking roughly in proportion to η; along the flow dL/dτ = −‖∇L‖² ≤ 0.',
    equation:
      '\\frac{d\\Phi}{d\\tau} = -g(\\Phi), \\qquad \\frac{d\\mathcal{L}}{d\\tau} = -\\|\\nabla \\mathcal{L}(\\Phi)\\|^{2} \\le 0',
    view: 'flow',
    burnIn: 0,
    speed: 2,
    axis: 'tau',
    experiment: {
      version: 1,
      title: 'Theory: SGD to gradient flow',
      description:
        'Himmelblau from (0, 0): SGD with gradient noise at η, η/2, η/4 against the gradient flow, on τ = Σ η.',
      seed: 4,
      steps: 600,
      loss: { preset: 'himmelblau' },
      runs: [
        ...[0.008, 0.004, 0.002].map((lr, i) => ({
          name: ['SGD η', 'SGD η/2', 'SGD η/4'][i]!,
          optimizer: sgd(lr),
          gradient: {
            kind: 'gaussian' as const,
            batch: 1,
            cov: [
              [100, 0],
              [0, 100],
            ],
          },
          start: [0, 0],
          particles: 1000,
        })),
        {
          name: 'gradient flow',
          optimizer: sgd(0.002),
          dynamics: { type: 'gradient-flow' as const, substeps: 1 },
          start: [0, 0],
        },
      ],
    },
  },
  {
    id: 'langevin-plateau',
    title: 'Langevin dynamics on a plateau',
    claim: 'Where the loss is flat, SGD diffuses: E‖Φ_τ − Φ₀‖² grows linearly in τ with slope η tr Σ.',
    paragraph:
      'With time τ = ηt, for Δτ large compared to η but small enough that the gradient does not change, ' +
      'Φ(τ + Δτ) ≈ Φ(τ) − g Δτ + √η ε √Δτ with ε ~ N(0, Σ), Σ the covariance of ĝ: in the limit the ' +
      'stochastic differential equation of Langevin dynamics. If the loss is constant (a plateau) and Σ ' +
      'is constant, only the noise term is left and the particles perform Brownian motion: the mean ' +
      'squared distance travelled grows linearly in τ, faster at a larger η. SGD steps and the Langevin ' +
      'equation (Euler–Maruyama) at the same η spread alike.',
    equation:
      '\\begin{gathered} d\\Phi = -g(\\Phi)\\,d\\tau + \\sqrt{\\eta}\\,\\epsilon\\,\\sqrt{d\\tau}, \\quad \\epsilon \\sim \\mathcal{N}(0, \\Sigma) \\\\ g = 0:\\quad E\\|\\Phi_\\tau - \\Phi_0\\|^{2} = \\eta \\operatorname{tr}(\\Sigma)\\, \\tau \\end{gathered}',
    view: 'diffusion',
    burnIn: 0,
    speed: 5,
    axis: 'tau',
    experiment: {
      version: 1,
      title: 'Theory: Langevin on a plateau',
      description:
        'A flat loss with Gaussian gradient noise: SGD at two η and Langevin dynamics diffuse from one point.',
      seed: 8,
      steps: 1000,
      loss: {
        expr: '1 + 0 * (x + y)',
        domain: [
          [-3, 3],
          [-3, 3],
        ],
      },
      runs: [
        ...[0.04, 0.02].map((lr) => ({
          name: `SGD η = ${lr}`,
          optimizer: sgd(lr),
          gradient: {
            kind: 'gaussian' as const,
            batch: 1,
            cov: [
              [1, 0],
              [0, 0.25],
            ],
          },
          start: [0, 0],
          particles: 2000,
        })),
        {
          name: 'Langevin η = 0.04',
          optimizer: sgd(0.04),
          dynamics: { type: 'langevin' as const },
          gradient: {
            kind: 'gaussian' as const,
            batch: 1,
            cov: [
              [1, 0],
              [0, 0.25],
            ],
          },
          start: [0, 0],
          particles: 2000,
        },
      ],
    },
  },
  AVERAGES_ENTRY,
  MOMENTUM_ENTRY,
];

export function findGalleryEntry(id: string): GalleryEntry | undefined {
  return GALLERY.find((e) => e.id === id);
}
