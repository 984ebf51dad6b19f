/**
 * The runs each built-in loss suggests: settings that make its story visible (SPEC §1's presets hold
 * the loss; this holds what to run on it). Every run starts at the preset's start unless it says.
 */
import type { RunInput } from '../../../shared/experiment/experiment';

const noise = (dims: number, s: number) => ({
  kind: 'gaussian' as const,
  batch: 1,
  cov: Array.from({ length: dims }, (_, i) => Array.from({ length: dims }, (_, j) => (i === j ? s : 0))),
});

const SUGGESTED: Record<string, RunInput[]> = {
  'quadratic-1d': [
    {
      name: 'SGD, B = 1',
      optimizer: { type: 'sgd', lr: 0.1 },
      gradient: { kind: 'minibatch', batch: 1 },
      particles: 500,
    },
    {
      name: 'SGD, B = 16',
      optimizer: { type: 'sgd', lr: 0.1 },
      gradient: { kind: 'minibatch', batch: 16 },
      particles: 500,
    },
  ],
  'quadratic-2d': [
    {
      name: 'SGD hot',
      optimizer: { type: 'sgd', lr: 0.2 },
      gradient: { kind: 'minibatch', batch: 1 },
      particles: 1000,
    },
    {
      name: 'SGD cool',
      optimizer: { type: 'sgd', lr: 0.05 },
      gradient: { kind: 'minibatch', batch: 1 },
      particles: 1000,
    },
  ],
  rosenbrock: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.0005 } },
    { name: 'Momentum', optimizer: { type: 'momentum', lr: 0.0005, N: 10 } },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.02 } },
  ],
  rastrigin: [
    {
      name: 'SGD annealed',
      optimizer: { type: 'sgd', lr: 0.003 },
      schedule: { type: 'cosine', T: 5000 },
      gradient: noise(2, 400),
      particles: 300,
      spread: 0.3,
    },
    { name: 'SGD cold', optimizer: { type: 'sgd', lr: 0.001 }, particles: 300, spread: 0.3 },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.05 } },
  ],
  himmelblau: [
    { name: 'SGD noisy', optimizer: { type: 'sgd', lr: 0.003 }, gradient: noise(2, 100), particles: 400, spread: 0.5 },
    { name: 'GD', optimizer: { type: 'sgd', lr: 0.003 } },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.05 } },
  ],
  beale: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.0005 } },
    { name: 'RMSProp', optimizer: { type: 'rmsprop', lr: 0.005, N: 100 } },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.02 } },
  ],
  saddle: [
    { name: 'GD', optimizer: { type: 'sgd', lr: 0.02 } },
    { name: 'SGD noisy', optimizer: { type: 'sgd', lr: 0.02 }, gradient: noise(2, 0.5), particles: 200 },
  ],
  'double-well': [
    { name: 'SGD hot', optimizer: { type: 'sgd', lr: 0.05 }, gradient: noise(2, 4), particles: 500 },
    { name: 'SGD cold', optimizer: { type: 'sgd', lr: 0.005 }, gradient: noise(2, 4), particles: 500 },
  ],
};

/** Copies of the runs a preset suggests (none for an unknown name). */
export function suggestedRuns(preset: string): RunInput[] {
  return JSON.parse(JSON.stringify(SUGGESTED[preset] ?? [])) as RunInput[];
}
