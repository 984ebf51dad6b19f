/**
 * The named optimizers (SPEC §3) as short chains of primitives. Each takes the effective optimizer
 * (N resolved, batch scaling applied: see shared/spec/hyper.ts) and returns one transform whose
 * output u is added to the parameters.
 */
import type { Optimizer } from '../../../shared/spec/experiment';
import { averageLength, DEFAULT_N } from '../../../shared/spec/hyper';
import type { Tf } from '../api';
import {
  addDecayedWeights,
  ema,
  scaleByAdagrad,
  scaleByAdam,
  scaleByAdamSimplified,
  scaleByLearningRate,
  scaleByLion,
  scaleByRms,
  trace,
} from './primitives';
import { chain, type Transform } from './transform';

export function buildOptimizer(tf: Tf, opt: Optimizer): Transform {
  const lr = scaleByLearningRate(tf);
  switch (opt.type) {
    case 'sgd': // Φ −= η ĝ
      return lr;
    case 'momentum': // v = β v + η ĝ; Φ −= v
      return chain(lr, trace(tf, beta(averageLength(opt.N, opt.beta, DEFAULT_N.momentum))));
    case 'momentum-ema': // μ = β μ + (1 − β) ĝ; Φ −= η′ μ
      return chain(ema(tf, beta(averageLength(opt.N, opt.beta, DEFAULT_N['momentum-ema']))), lr);
    case 'nesterov': // v = β v + η ĝ; Φ −= β v + η ĝ
      return chain(lr, trace(tf, beta(averageLength(opt.N, opt.beta, DEFAULT_N.nesterov)), true));
    case 'rmsprop': // s = β s + (1 − β) ĝ²; Φ −= η ĝ / √(s + ε)
      return chain(
        scaleByRms(tf, averageLength(opt.N, opt.beta, DEFAULT_N.rmsprop), opt.eps, opt.secondMoment === 'examples'),
        lr,
      );
    case 'adam':
      return chain(scaleByAdam(tf, opt.beta1, opt.beta2, opt.eps), lr);
    case 'adam-simplified':
      return chain(
        scaleByAdamSimplified(
          tf,
          averageLength(opt.Ng, opt.betaG, DEFAULT_N.Ng),
          averageLength(opt.Ns, opt.betaS, DEFAULT_N.Ns),
          opt.eps,
          opt.secondMoment === 'examples',
        ),
        lr,
      );
    case 'adagrad': // s += ĝ²; Φ −= η ĝ / (√s + ε)
      return chain(scaleByAdagrad(tf, opt.eps), lr);
    case 'adamw': // Φ −= η (m̂/(√v̂ + ε) + λ Φ)
      return chain(scaleByAdam(tf, opt.beta1, opt.beta2, opt.eps), addDecayedWeights(tf, opt.weightDecay), lr);
    case 'lion': // Φ −= η (sign(β₁ m + (1 − β₁) ĝ) + λ Φ); m = β₂ m + (1 − β₂) ĝ
      return chain(scaleByLion(tf, opt.beta1, opt.beta2), addDecayedWeights(tf, opt.weightDecay), lr);
  }
}

const beta = (N: number): number => 1 - 1 / N;
