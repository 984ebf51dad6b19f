/**
 * Theory gallery entry on a network (SPEC §13): momentum's two parameterizations, heavy ball
 * (v = (1 − 1/N) v + η ĝ, Φ −= v) and the running average (μ = (1 − 1/N) μ + ĝ/N, Φ −= η′ μ), on the
 * 1-4-1 tanh regression of a noisy sine. The notes: with η′ = Nη the two are one trajectory, and in
 * (η′, N) the two can be tuned largely independently. A small sweep over (η′, N) in both forms with
 * minibatch noise, and one (η′, N) pair on the exact gradient.
 */
import { batch, type GalleryEntry } from './gallery-entry';
import { SMALL_SINE } from './gallery-network-laws';

/** The sweep's η′ (powers of two, so η = η′/N is exact in floating point). */
export const MOMENTUM_NET_ETAS = [1 / 32, 1 / 16, 1 / 8] as const;
/** The sweep's N. */
export const MOMENTUM_NET_NS = [1, 4, 16] as const;
/** The exact-gradient pair's (η′, N). */
export const MOMENTUM_NET_EXACT = { etaPrime: 1 / 8, N: 16 } as const;
/** The minibatch and the networks per sweep run. */
export const MOMENTUM_NET_BATCH = 8;
const PARTICLES = 8;
const STEPS = 1000;

/** A power of two as 1/k (the runs' names). */
const frac = (v: number) => (v >= 1 ? String(v) : `1/${Math.round(1 / v)}`);

const average = (etaPrime: number, N: number) => ({ type: 'momentum-ema' as const, lr: etaPrime, N });
const heavy = (etaPrime: number, N: number) => ({ type: 'momentum' as const, lr: etaPrime / N, N });

const { etaPrime: exactEta, N: exactN } = MOMENTUM_NET_EXACT;

export const NETWORK_MOMENTUM_ENTRY: GalleryEntry = {
  id: 'network-momentum',
  title: 'Momentum’s two parameterizations on a network',
  claim: 'With η′ = Nη heavy ball and the running average are one method; at fixed η′ the loss hardly depends on N.',
  paragraph:
    'Heavy ball v = (1 − 1/N) v + η ĝ, Φ −= v, is the running average μ = (1 − 1/N) μ + ĝ/N with the step ' +
    'Φ −= η′ μ, η′ = Nη: on the exact gradient the two give one trajectory (to rounding), and with ' +
    'minibatch noise, each run drawing its own, the same law. The notes’ intuition is that N and η′ can ' +
    'then be tuned largely independently: to first order in η′ the average moves Φ as SGD at η′ does ' +
    '(its drift is η′ g, its stationary spread η′Σ/2H), only lagging by about N steps; in (η, N) the same ' +
    'runs sit at η = η′/N and the good η slides as 1/N. A 1-4-1 tanh network fitting a noisy sine, ' +
    'η′ = 1/32, 1/16, 1/8 and N = 1, 4, 16 in both forms with minibatches of 8, 8 networks each, the loss ' +
    'averaged over the last fifth of 1,000 steps; beside them one (η′, N) on the exact gradient.',
  equation:
    "\\begin{gathered} v_t = \\bigl(1 - \\tfrac{1}{N}\\bigr) v_{t-1} + \\eta\\,\\hat g_t = N\\eta\\,\\mu_t, \\quad \\mu_t = \\bigl(1 - \\tfrac{1}{N}\\bigr)\\mu_{t-1} + \\tfrac{1}{N}\\hat g_t \\\\ \\Phi_{t+1} = \\Phi_t - v_t = \\Phi_t - \\eta'\\mu_t, \\qquad \\eta' = N\\eta \\end{gathered}",
  view: 'network',
  network: 'momentum',
  burnIn: 0,
  speed: 10,
  // The figure's 4 networks a run (the live runs: 8) keep each final loss's standard error near 1e-4,
  // below the gaps the claims are about, in about half the time.
  figureParticles: 4,
  experiment: {
    version: 1,
    title: 'Theory: momentum’s two parameterizations on a network',
    description:
      'Heavy ball (η′/N, N) beside the running average (η′, N) on a 1-4-1 tanh network: one pair on the exact gradient, a sweep over η′ and N with minibatches of 8.',
    seed: 5,
    steps: STEPS,
    loss: SMALL_SINE,
    runs: [
      { name: `exact: average η′ = ${frac(exactEta)}, N = ${exactN}`, optimizer: average(exactEta, exactN) },
      {
        name: `exact: heavy ball η = ${frac(exactEta / exactN)}, N = ${exactN}`,
        optimizer: heavy(exactEta, exactN),
      },
      ...MOMENTUM_NET_NS.flatMap((N) =>
        MOMENTUM_NET_ETAS.flatMap((e) => [
          {
            name: `average η′ = ${frac(e)}, N = ${N}`,
            optimizer: average(e, N),
            gradient: batch(MOMENTUM_NET_BATCH),
            particles: PARTICLES,
          },
          {
            name: `heavy ball η = ${frac(e / N)}, N = ${N}`,
            optimizer: heavy(e, N),
            gradient: batch(MOMENTUM_NET_BATCH),
            particles: PARTICLES,
          },
        ]),
      ),
    ],
    record: { every: 5 },
  },
};
