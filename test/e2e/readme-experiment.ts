/**
 * The README's experiment: three optimizers on a typed formula, each a cloud of 2,000 noisy particles
 * under a step schedule that cuts η twice (the picture `npm run screenshot` makes, and one of the
 * cases `npm run bench:render` measures).
 */
const cov = [
  [4, 1],
  [1, 2],
];
const schedule = { type: 'step', factor: 0.25, at: [600, 1200] };
const run = (name: string, optimizer: Record<string, unknown>) => ({
  name,
  optimizer,
  schedule,
  gradient: { kind: 'gaussian', batch: 1, cov },
  start: [-2.2, 1.8],
  particles: 2000,
  spread: 0.05,
});
export const README_EXPERIMENT = {
  version: 1,
  title: 'Three optimizers on a typed formula, annealed',
  seed: 7,
  steps: 1800,
  loss: {
    expr: '0.5 * (x - 0.5)^2 + 2 * (y - 0.3 * x)^2 + 0.3 * sin(3 * x) * cos(2 * y)',
    domain: [
      [-3, 3],
      [-2.5, 2.5],
    ],
  },
  runs: [
    run('SGD', { type: 'sgd', lr: 0.05 }),
    run('Momentum', { type: 'momentum-ema', lr: 0.05, N: 10 }),
    run('Adam', { type: 'adam', lr: 0.05 }),
  ],
  record: { every: 10, particles: 100 },
};
