/**
 * The gallery's momentum experiment: the notes' two parameterizations of momentum, heavy ball
 * (v = (1 − 1/N) v + η ĝ, Φ −= v) and the running average (μ = (1 − 1/N) μ + ĝ/N, Φ −= η′ μ), which
 * give the same trajectory when η′ = N η (SPEC §3). Its view is a sweep over (η, N) and (η′, N) drawn as
 * two final-loss heatmaps; the grid here is also `resources/theory/momentum.sweep.json`.
 */
import type { SweepGrid } from '../contract/lab';
import type { GalleryEntry } from './gallery-entry';

/** The varied fields of the momentum sweep, in the order of each cell's values (N slowest). */
export const MOMENTUM_PATHS = {
  N: 'runs[0].optimizer.N',
  type: 'runs[0].optimizer.type',
  lr: 'runs[0].optimizer.lr',
} as const;

/** Powers of two: then N η = η′ exactly in floating point, and a heavy-ball cell equals an averaged one. */
const powers = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => 2 ** (from + k * step));

/** The two sizes of the grid: the full one (the gallery's, and the file's) and a quick one. */
export const MOMENTUM_GRIDS = {
  full: { N: powers(0, 5), lr: powers(-15, 3) },
  quick: { N: powers(0, 4, 2), lr: powers(-14, 2, 2) },
} as const;
export type MomentumGridSize = keyof typeof MOMENTUM_GRIDS;

const STEPS = 1000;
const NOISE = 1;
const START = 2;

/** The sweep's problem for the prediction: the basin ½Hx², noise variance σ², start x₀, steps. */
export const MOMENTUM_PROBLEM = { H: 1, sigma2: NOISE, x0: START, steps: STEPS } as const;

/** One run on the basin ½x² with gradient noise N(0, 1), from x = 2. */
export function momentumRun(name: string, type: 'momentum' | 'momentum-ema', lr: number, N: number, particles: number) {
  return {
    name,
    optimizer: { type, lr, N },
    gradient: { kind: 'gaussian' as const, batch: 1, cov: [[NOISE]] },
    start: [START],
    particles,
  };
}

const basin = { expr: '0.5 * x^2', params: ['x'], domain: [[-3, 3] as [number, number]] };

/** The sweep of the momentum experiment: each cell one run, (N, optimizer type, learning rate) varied. */
export function momentumSweep(size: MomentumGridSize = 'full'): SweepGrid & { burnIn: number } {
  const grid = MOMENTUM_GRIDS[size];
  return {
    experiment: {
      version: 1,
      title: 'Theory: momentum sweep',
      seed: 5,
      steps: STEPS,
      loss: basin,
      runs: [momentumRun('momentum', 'momentum', 1 / 1024, 1, 512)],
      record: { every: 50, particles: 1 },
    },
    vary: [
      { path: MOMENTUM_PATHS.N, values: [...grid.N] },
      { path: MOMENTUM_PATHS.type, values: ['momentum', 'momentum-ema'] },
      { path: MOMENTUM_PATHS.lr, values: [...grid.lr] },
    ],
    burnIn: STEPS / 2,
  };
}

export const MOMENTUM_ENTRY: GalleryEntry = {
  id: 'momentum',
  title: 'Momentum’s two parameterizations',
  claim: 'With η′ = Nη the best η′ hardly depends on N; the best heavy-ball η moves as 1/N.',
  paragraph:
    'Heavy-ball momentum v = (1 − 1/N) v + η ĝ, Φ −= v can be rewritten with the running average ' +
    'μ = (1 − 1/N) μ + ĝ/N of the gradient as Φ −= Nη μ = η′ μ: the same trajectory, η′ = Nη. The notes ' +
    'state it as an intuition, not a theorem: in the parameterization (N, η′) it should be possible to ' +
    'optimize N and η′ largely independently, and not in (N, η). The sweep puts it to the test on the ' +
    'basin ½x² with gradient noise: the final loss after 1,000 steps over (η, N) and over (η′, N). The ' +
    'good region of η′ is one column for every N; that of η slides along the diagonal η ∝ 1/N. The two live ' +
    'runs, heavy ball at η = 1/2048 with N = 8 and the average at η′ = 8η, each with its own noise, move as ' +
    'clouds with the same distribution.',
  equation:
    '\\begin{aligned} v_t &= \\bigl(1 - \\tfrac{1}{N}\\bigr) v_{t-1} + \\eta\\,\\hat g_t, & \\Phi_{t+1} &= \\Phi_t - v_t \\\\ ' +
    "\\mu_t &= \\bigl(1 - \\tfrac{1}{N}\\bigr) \\mu_{t-1} + \\tfrac{1}{N}\\hat g_t, & \\Phi_{t+1} &= \\Phi_t - \\eta'\\mu_t \\\\ \\eta' &= N\\eta \\end{aligned}",
  view: 'heatmap',
  burnIn: STEPS / 2,
  speed: 5,
  experiment: {
    version: 1,
    title: 'Theory: momentum’s two parameterizations',
    description:
      'Heavy ball (η, N) beside the running average (η′ = Nη, N) on ½x² with noise: the same in distribution (each run draws its own noise; with the same noise, as in the sweep, one trajectory).',
    seed: 5,
    steps: STEPS,
    loss: basin,
    runs: [
      momentumRun('heavy ball η = 1/2048, N = 8', 'momentum', 2 ** -11, 8, 512),
      momentumRun('average η′ = 1/256, N = 8', 'momentum-ema', 2 ** -8, 8, 512),
    ],
  },
};
