/**
 * Theory gallery entries: schedules and batches — the convergence theorem's three schedules, annealing
 * by a step schedule, and batch-size scaling on an examples-seen axis.
 */
import { sgd, batch, type GalleryEntry } from './gallery-entry';

export const SCHEDULE_ENTRIES: readonly GalleryEntry[] = [
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
    // At 200 particles the excess halves at each cut: 0.0368 ± 0.0008 → 0.0175 ± 0.0003 → 0.0086 ± 0.0002.
    figureParticles: 200,
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
    // The axis ends at B = 1’s 2,000 examples, where the B = 64 runs have taken 31 of their 2,000 steps.
    figureParticles: 160,
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
];
