/**
 * Built-in networks (SPEC §13): each a whole experiment (the model, its data, runs side by side), so one
 * click in the loss panel sets up a network to watch train. Each validates through the experiment schema
 * and trains (test/unit/model-presets.test.ts). No Node, no DOM.
 */
import type { ExperimentInput, RunInput } from '../experiment/experiment';

/** A built-in network: its name in files and URLs, its title in the picker, and its experiment. */
export interface NetworkPreset {
  name: string;
  title: string;
  /** What this network shows, in one line. */
  story: string;
  experiment: ExperimentInput;
}

/** Two runs that tell the optimizers apart: plain SGD beside Adam, both on minibatches of `batch`. */
function sgdBesideAdam(sgdLr: number, adamLr: number, batch: number): RunInput[] {
  const gradient = { kind: 'minibatch' as const, batch };
  return [
    { name: 'SGD', optimizer: { type: 'sgd', lr: sgdLr }, gradient },
    { name: 'Adam', optimizer: { type: 'adam', lr: adamLr }, gradient },
  ];
}

/** The built-in networks, in the picker's order. */
export const NETWORK_PRESETS: readonly NetworkPreset[] = [
  {
    name: 'two-moons',
    title: 'Two moons, 2-16-16-1 tanh',
    story: 'Playground’s classic: watch the boundary bend between the moons, SGD beside Adam from the same weights.',
    experiment: {
      version: 1,
      title: 'Two moons: SGD beside Adam on one network',
      seed: 7,
      steps: 3000,
      loss: {
        model: { hidden: [16, 16], activation: 'tanh', output: 'logistic' },
        data: { dataset: 'two-moons', n: 500, noise: 0.15, test: 250 },
      },
      runs: sgdBesideAdam(0.1, 0.005, 16),
      record: { every: 10 },
    },
  },
  {
    name: 'spirals',
    title: 'Two spirals, three relu layers',
    story: 'Two interleaved arms need depth: Adam winds the boundary in at once, SGD sits on a plateau first.',
    experiment: {
      version: 1,
      title: 'Spirals: a deeper network',
      seed: 3,
      steps: 6000,
      loss: {
        model: { hidden: [24, 24, 24], activation: 'relu', output: 'logistic' },
        data: { dataset: 'spirals', n: 600, noise: 0.03, test: 300, standardize: true },
      },
      runs: sgdBesideAdam(0.1, 0.01, 32),
      record: { every: 20 },
    },
  },
  {
    name: 'iris',
    title: 'Iris, softmax over 3 species',
    story: 'Fisher’s 150 flowers, 4 measurements, 3 classes: a small softmax network, standardized inputs.',
    experiment: {
      version: 1,
      title: 'Iris: softmax',
      seed: 1,
      steps: 2000,
      loss: {
        model: { hidden: [8], activation: 'tanh', output: 'softmax' },
        data: { dataset: 'iris', n: 120, test: 30 },
      },
      runs: sgdBesideAdam(0.1, 0.01, 16),
      record: { every: 10 },
    },
  },
  {
    name: 'sine',
    title: 'Sine regression, 1-16-1 tanh',
    story: 'A curve fitted to noisy sin x: the fitted function over the data, squared error as the loss.',
    experiment: {
      version: 1,
      title: 'Sine: regression',
      seed: 5,
      steps: 3000,
      loss: {
        model: { hidden: [16], activation: 'tanh', output: 'linear' },
        data: { dataset: 'sine', n: 200, noise: 0.1, test: 100 },
      },
      runs: sgdBesideAdam(0.05, 0.01, 16),
      record: { every: 10 },
    },
  },
  {
    name: 'digits',
    title: 'Digits, 784-32-10 relu',
    story: 'Handwritten digits, 28 × 28 pixels: a real network of 25,450 weights, trained live.',
    experiment: {
      version: 1,
      title: 'Digits: 784-32-10',
      seed: 2,
      steps: 2000,
      loss: {
        model: { hidden: [32], activation: 'relu', output: 'softmax' },
        data: { dataset: 'digits', n: 2000, test: 500 },
      },
      runs: sgdBesideAdam(0.05, 0.001, 32),
      record: { every: 10 },
    },
  },
];

/** The built-in network named `name`, if there is one. */
export function findNetworkPreset(name: string): NetworkPreset | undefined {
  return NETWORK_PRESETS.find((p) => p.name === name);
}
