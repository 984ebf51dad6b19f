/**
 * Theory gallery entries: the stationary distributions — the 1-D basin against its Gaussian, the double
 * well against Boltzmann, the 2-D basin's covariance ellipse against the Lyapunov solution and the
 * Boltzmann ellipse it is not.
 */
import { sgd, batch, type GalleryEntry } from './gallery-entry';

export const STATIONARY_ENTRIES: readonly GalleryEntry[] = [
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
    // At 200 particles the variances 0.1157 ± 0.0005, 0.701 ± 0.003, 2.460 ± 0.012 (predicted 0.1166, 0.700, 2.449).
    figureParticles: 200,
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
    // The histogram of 200 particles × the recorded steps after burn-in.
    figureParticles: 200,
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
];
