/**
 * Theory gallery entries on a network (SPEC §13): the notes' laws on a real model, small enough that a
 * figure is computed in about a second. Annealing as in the notes' ResNet figure (η halved twice, the
 * training loss drops at each cut) on a 1-8-1 tanh regression of a noisy sine; the edge of stability
 * (Cohen et al. 2021) on the same network: under full-batch gradient descent the sharpness λ_max(H)
 * rises to about 2/η and hovers there, while minibatch SGD at the same η stays below it.
 */
import { sgd, type GalleryEntry } from './gallery-entry';

/** The steps where the annealed run's η is halved. */
export const NETWORK_CUTS = [1000, 2000] as const;
/** The edge-of-stability experiment's learning rates (2/η = 8, 6.7, 5). */
export const EOS_ETAS = [0.25, 0.3, 0.4] as const;

const sine = {
  model: { hidden: [8], activation: 'tanh' as const, output: 'linear' as const },
  data: { dataset: 'sine' as const, n: 64, noise: 0.1, test: 0 },
};

export const NETWORK_ENTRIES: readonly GalleryEntry[] = [
  {
    id: 'network-annealing',
    title: 'Annealing a network',
    claim: 'Halve η twice while training a network: the training loss drops at each cut.',
    paragraph:
      'The notes’ ResNet figure: the learning rate is cut by a factor of 2 twice, and each time the training ' +
      'loss falls to a lower plateau. With η as a temperature, the plateau is the minimum’s loss plus the ' +
      'noise’s excess, about (η/4B) E‖gᵢ − g‖², so each cut lowers it; the constant-η run beside it stays ' +
      'on its plateau. A 1-8-1 tanh network fitting a noisy sine with minibatches of one example, 16 ' +
      'networks from the same start (the mean over them is drawn).',
    equation:
      '\\mathcal{L}(\\eta) - \\mathcal{L}(\\Phi^{*}) \\approx \\frac{\\eta}{4B} E_i\\|g_i - g\\|^{2}, \\qquad \\eta \\to \\tfrac{\\eta}{2} \\text{ at } t = 1000,\\ 2000',
    view: 'network',
    network: 'annealing',
    burnIn: 0,
    speed: 20,
    experiment: {
      version: 1,
      title: 'Theory: annealing a network',
      description: 'A 1-8-1 tanh network on a noisy sine, η halved at steps 1000 and 2000, beside a constant η.',
      seed: 3,
      steps: 3000,
      loss: sine,
      runs: [
        {
          name: 'annealed',
          optimizer: sgd(0.2),
          schedule: { type: 'step', factor: 0.5, at: [...NETWORK_CUTS] },
          gradient: { kind: 'minibatch', batch: 1 },
          particles: 16,
        },
        { name: 'constant η', optimizer: sgd(0.2), gradient: { kind: 'minibatch', batch: 1 }, particles: 16 },
      ],
      record: { every: 10 },
    },
  },
  {
    id: 'edge-of-stability',
    title: 'The edge of stability',
    claim: 'Full-batch GD sharpens until λ_max(H) ≈ 2/η; minibatch SGD at the same η stays below.',
    paragraph:
      'Gradient descent on a quadratic is stable only while η λ_max(H) < 2. Training a network, the ' +
      'sharpness λ_max(H) grows (progressive sharpening) until it reaches 2/η, and then hovers there while ' +
      'the loss keeps falling, non-monotonically (Cohen et al. 2021). Minibatch noise keeps SGD out of the ' +
      'sharpest regions: at the same η its sharpness stays below 2/η. Three learning rates, each full batch ' +
      '(solid) beside minibatches of 4 (thin), with 2/η dashed, on a 1-8-1 tanh network fitting a sine.',
    equation:
      '\\eta\\,\\lambda_{\\max}(H) \\to 2 \\quad \\text{(full batch)}, \\qquad \\lambda_{\\max}(H) < 2/\\eta \\quad \\text{(minibatch)}',
    view: 'network',
    network: 'edge-of-stability',
    burnIn: 0,
    speed: 10,
    experiment: {
      version: 1,
      title: 'Theory: the edge of stability',
      description: 'Sharpness against 2/η for three learning rates, full batch beside minibatches of 4.',
      seed: 3,
      steps: 2000,
      loss: sine,
      runs: [
        ...EOS_ETAS.map((lr) => ({ name: `GD η = ${lr}`, optimizer: sgd(lr), particles: 1 })),
        ...EOS_ETAS.map((lr) => ({
          name: `SGD B = 4, η = ${lr}`,
          optimizer: sgd(lr),
          gradient: { kind: 'minibatch' as const, batch: 4 },
          particles: 1,
        })),
      ],
      record: { every: 40, sharpness: true },
    },
  },
];
