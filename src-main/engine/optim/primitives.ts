/**
 * The primitive transforms the optimizers are chained from. Notation: g the incoming updates, u the
 * outgoing ones, η = η_t, t the 1-based step, β = 1 − 1/N; squares, roots and divisions per coordinate.
 */
import type { Tf } from '../api';
import { Constants, slot, type Transform } from './transform';

/** u = −η_t g: the learning-rate step (descent). */
export function scaleByLearningRate(tf: Tf): Transform {
  const c = new Constants(tf);
  return {
    slots: 0,
    init: () => [],
    update: (g, _s, _p, { lr }) => [tf.mul(g, c.latest(-lr)), []],
    dispose: () => c.dispose(),
  };
}

/**
 * Momentum trace: v ← β v + g, u = v. With `nesterov`: u = β v + g (the look-ahead form).
 * After scaleByLearningRate this is the heavy ball v = β v + η ĝ, Φ −= v.
 */
export function trace(tf: Tf, beta: number, nesterov = false): Transform {
  const c = new Constants(tf);
  return {
    slots: 1,
    init: (p) => [tf.zerosLike(p)],
    update(g, state) {
      const v = tf.add(tf.mul(slot(state, 0), c.get(beta)), g);
      return [nesterov ? tf.add(tf.mul(v, c.get(beta)), g) : v, [v]];
    },
    dispose: () => c.dispose(),
  };
}

/** Running average: μ ← β μ + (1 − β) g, u = μ. */
export function ema(tf: Tf, beta: number): Transform {
  const c = new Constants(tf);
  return {
    slots: 1,
    init: (p) => [tf.zerosLike(p)],
    update(g, state) {
      const mu = tf.add(tf.mul(slot(state, 0), c.get(beta)), tf.mul(g, c.get(1 - beta)));
      return [mu, [mu]];
    },
    dispose: () => c.dispose(),
  };
}

/**
 * RMSProp scaling: s ← β s + (1 − β) g², u = g / √(s + ε). With `examples` (N_s counts examples):
 * s ← (1 − B/N_s) s + (1/N_s) Σ_b ĝ_b², from the batch's per-example gradients.
 */
export function scaleByRms(tf: Tf, Ns: number, eps: number, examples: boolean): Transform {
  const beta = 1 - 1 / Ns;
  return {
    slots: 1,
    needsExamples: examples,
    init: (p) => [tf.zerosLike(p)],
    update(g, state, _p, { batch, exampleSquares }) {
      const prev = slot(state, 0);
      const s = examples
        ? tf.add(tf.mul(prev, 1 - batch / Ns), tf.div(exampleSquares ?? tf.square(g), Ns))
        : tf.add(tf.mul(prev, beta), tf.mul(tf.square(g), 1 - beta));
      return [tf.div(g, tf.sqrt(tf.add(s, eps))), [s]];
    },
  };
}

/**
 * Adam (published form): m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²;
 * u = m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
export function scaleByAdam(tf: Tf, beta1: number, beta2: number, eps: number): Transform {
  const c = new Constants(tf);
  return {
    slots: 2,
    init: (p) => [tf.zerosLike(p), tf.zerosLike(p)],
    update(g, state, _p, { t }) {
      const m = tf.add(tf.mul(slot(state, 0), c.get(beta1)), tf.mul(g, c.get(1 - beta1)));
      const v = tf.add(tf.mul(slot(state, 1), c.get(beta2)), tf.mul(tf.square(g), c.get(1 - beta2)));
      const mHat = tf.div(m, 1 - Math.pow(beta1, t));
      const vHat = tf.div(v, 1 - Math.pow(beta2, t));
      return [tf.div(mHat, tf.add(tf.sqrt(vHat), c.get(eps))), [m, v]];
    },
    dispose: () => c.dispose(),
  };
}

/**
 * Adam as in the notes, bias-corrected by min(t, N):
 * μ ← (1 − 1/min(t, N_g)) μ + g/min(t, N_g); s ← (1 − 1/min(t, N_s)) s + g²/min(t, N_s);
 * u = μ / (√s + ε). With `examples` (N_s counts examples, K = min(t·B, N_s)):
 * s ← (1 − B/K) s + (1/K) Σ_b ĝ_b², which is the batch form when B = 1.
 */
export function scaleByAdamSimplified(tf: Tf, Ng: number, Ns: number, eps: number, examples: boolean): Transform {
  return {
    slots: 2,
    needsExamples: examples,
    init: (p) => [tf.zerosLike(p), tf.zerosLike(p)],
    update(g, state, _p, { t, batch, exampleSquares }) {
      const kg = Math.min(t, Ng);
      const mu = tf.add(tf.mul(slot(state, 0), 1 - 1 / kg), tf.div(g, kg));
      let s;
      if (examples) {
        const ks = Math.min(t * batch, Ns);
        s = tf.add(tf.mul(slot(state, 1), 1 - batch / ks), tf.div(exampleSquares ?? tf.square(g), ks));
      } else {
        const ks = Math.min(t, Ns);
        s = tf.add(tf.mul(slot(state, 1), 1 - 1 / ks), tf.div(tf.square(g), ks));
      }
      return [tf.div(mu, tf.add(tf.sqrt(s), eps)), [mu, s]];
    },
  };
}

/** AdaGrad: s ← s + g², u = g / (√s + ε). */
export function scaleByAdagrad(tf: Tf, eps: number): Transform {
  return {
    slots: 1,
    init: (p) => [tf.zerosLike(p)],
    update(g, state) {
      const s = tf.add(slot(state, 0), tf.square(g));
      return [tf.div(g, tf.add(tf.sqrt(s), eps)), [s]];
    },
  };
}

/** Decoupled weight decay: u = g + λ Φ (before the learning-rate step, as in AdamW). */
export function addDecayedWeights(tf: Tf, lambda: number): Transform {
  return {
    slots: 0,
    init: () => [],
    update: (g, _s, params) => [lambda === 0 ? g : tf.add(g, tf.mul(params, lambda)), []],
  };
}

/**
 * Lion: c = β₁ m + (1 − β₁) g, u = sign(c); then m ← β₂ m + (1 − β₂) g.
 */
export function scaleByLion(tf: Tf, beta1: number, beta2: number): Transform {
  return {
    slots: 1,
    init: (p) => [tf.zerosLike(p)],
    update(g, state) {
      const m = slot(state, 0);
      const c = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
      return [tf.sign(c), [tf.add(tf.mul(m, beta2), tf.mul(g, 1 - beta2))]];
    },
  };
}
