/**
 * A model's initial weights Φ₀ (SPEC §13), drawn once from a seed (the experiment's, or a run's
 * `initSeed`): W ~ N(0, 2/(fan_in + fan_out)) for tanh and sigmoid (Glorot), N(0, 2/fan_in) for relu
 * and gelu (He), biases 0. Layer l's weights are the normals of the counter-based stream
 * (key(seed), particle l, step 0), row-major, so Φ₀ depends on the seed and the layout alone.
 */
import type { ModelLayout } from '../../../shared/model/layout';
import type { Activation } from '../../../shared/experiment/experiment';
import { hashKey, Stream } from '../random/streams';
import { randomStream } from '../random/counter-js';

/** The standard deviation of a layer's weights for this activation. */
export function initScale(activation: Activation, fanIn: number, fanOut: number): number {
  return activation === 'tanh' || activation === 'sigmoid' ? Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(2 / fanIn);
}

/** The stream key of the initial weights drawn from `seed`. */
export const initKey = (seed: number): number => hashKey(seed, Stream.modelInit) | 0;

/** Φ₀ of the layout, drawn from `seed`. */
export function initialWeights(layout: ModelLayout, activation: Activation, seed: number): Float64Array {
  const phi = new Float64Array(layout.D);
  const rs = randomStream();
  const key = initKey(seed);
  layout.layers.forEach(({ fanIn, fanOut, w }, l) => {
    rs.seed(key, l, 0);
    rs.normals(phi, w, fanIn * fanOut);
    const sd = initScale(activation, fanIn, fanOut);
    for (let k = w; k < w + fanIn * fanOut; k++) phi[k]! *= sd;
  });
  return phi;
}
