/**
 * The decision function's worker (issue #21): a network's G × G class picture at one Φ
 * (decision-grid.ts `decisionImage`, the float64 forward pass), computed off the page's thread so a
 * playing network's picture costs the page one small `putImageData`. Each job is answered with its
 * RGBA bytes (transferred), or null where Φ does not fit the network.
 */
import type { Model } from '../../../shared/experiment/experiment';
import type { ModelForward } from '../../../shared/model/forward';
import { decisionImage, forwardFor, type Box } from './decision-grid';

/** One picture to compute: `model` with `inputs` inputs at Φ = `phi` (`dims` numbers) over `box`. */
export interface DecisionJob {
  id: number;
  model: Model;
  inputs: number;
  dims: number;
  box: Box;
  G: number;
  phi: Float64Array;
}

export interface DecisionAnswer {
  id: number;
  rgba: Uint8ClampedArray | null;
}

/** The last network built, reused while the jobs are for the same model, inputs and Φ's size. */
let built: { key: string; net: ModelForward | null } = { key: '', net: null };

onmessage = (e: MessageEvent<DecisionJob>) => {
  const { id, model, inputs, dims, box, G, phi } = e.data;
  const key = JSON.stringify([model, inputs, dims]);
  if (key !== built.key) built = { key, net: forwardFor(model, inputs, dims) };
  const rgba = built.net && phi.length >= dims ? new Uint8ClampedArray(G * G * 4) : null;
  if (rgba) decisionImage(built.net!, phi, 0, box, G, rgba);
  const answer: DecisionAnswer = { id, rgba };
  postMessage(answer, { transfer: rgba ? [rgba.buffer] : [] });
};
