/**
 * The model tests' independent references: small data sets built here, and a float64 MLP written from
 * SPEC §13's text alone (nested arrays, W[j][k] at offset j·fan_out + k, then b; z = h W + b), with
 * its loss, a backprop gradient, and the optimizers of SPEC §3 applied coordinate by coordinate.
 */
import type { LabeledExamples, ModelData, RealExamples } from '../../shared/data/model-data';
import { normalizeExperiment } from '../../shared/experiment/normalize';
import type { Experiment, Model } from '../../shared/experiment/experiment';

/** A small deterministic generator (not the engine's): LCG uniforms, Box–Muller normals. */
export function lcg(seed: number): { uni: () => number; normal: () => number } {
  let s = seed >>> 0 || 1;
  const uni = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return { uni, normal: () => Math.sqrt(-2 * Math.log(uni())) * Math.cos(2 * Math.PI * uni()) };
}

/** Two interleaving half-moons with Gaussian noise: label 0 the upper, 1 the lower (shifted) one. */
export function moons(n: number, noise: number, seed: number): LabeledExamples {
  const r = lcg(seed);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const a = Math.PI * r.uni();
    x[2 * i] = (c === 0 ? Math.cos(a) : 1 - Math.cos(a)) + noise * r.normal();
    x[2 * i + 1] = (c === 0 ? Math.sin(a) : 0.5 - Math.sin(a)) + noise * r.normal();
    y[i] = c;
  }
  return { x, y, n, inputs: 2, classes: 2, inputNames: ['x1', 'x2'], targetNames: ['label'] };
}

/** K Gaussian blobs around the unit circle (label k at angle 2πk/K). */
export function blobs(n: number, K: number, seed: number): LabeledExamples {
  const r = lcg(seed);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % K;
    x[2 * i] = 2 * Math.cos((2 * Math.PI * k) / K) + 0.5 * r.normal();
    x[2 * i + 1] = 2 * Math.sin((2 * Math.PI * k) / K) + 0.5 * r.normal();
    y[i] = k;
  }
  return { x, y, n, inputs: 2, classes: K, inputNames: ['x1', 'x2'], targetNames: ['label'] };
}

/** Real targets (sin x₁, x₁ x₂) of uniform inputs in [−2, 2]²: two outputs. */
export function waves(n: number, seed: number): RealExamples {
  const r = lcg(seed);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [a, b] = [4 * r.uni() - 2, 4 * r.uni() - 2];
    x.set([a, b], 2 * i);
    y.set([Math.sin(a), (a * b) / 2], 2 * i);
  }
  return { x, y, n, inputs: 2, outputs: 2, inputNames: ['x1', 'x2'], targetNames: ['y1', 'y2'] };
}

export const dataOf = (train: ModelData['train'], test: ModelData['test'] = null): ModelData => ({
  train,
  test,
  standardization: null,
});

/**
 * A normalized model experiment (the schema's defaults filled by normalizeExperiment, its loss then
 * made the model: the data reach the engine separately, as ModelData).
 */
export function modelExperiment(
  model: Partial<Model> & Pick<Model, 'output'>,
  runs: unknown[],
  opts: { seed?: number; steps?: number } = {},
): Experiment {
  const r = normalizeExperiment({
    seed: opts.seed ?? 3,
    steps: opts.steps ?? 10,
    loss: { expr: 'x', params: ['x'], data: { n: 1, vars: { u: { normal: [0, 1] } } } },
    runs: runs.map((run) => ({ ...(run as object), start: [0] })),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const e = r.experiment;
  const full: Model = { hidden: [], activation: 'tanh', ...model };
  return {
    ...e,
    loss: { expr: '', params: [], model: full, data: { n: 1, vars: {} }, domain: [] },
    runs: e.runs.map((run, i) => ({ ...run, start: (runs[i] as { start?: number[] }).start ?? [] })),
  };
}

// ───────────────────────────── the reference MLP ─────────────────────────────

type Act = Model['activation'];
const ACT: Record<Act, (z: number) => number> = {
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  gelu: (z) => 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3))),
};
/** act′ written from each formula by hand. */
const SLOPE: Record<Act, (z: number) => number> = {
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  sigmoid: (z) => ACT.sigmoid(z) * (1 - ACT.sigmoid(z)),
  gelu: (z) => {
    const c = Math.sqrt(2 / Math.PI);
    const u = c * (z + 0.044715 * z ** 3);
    return 0.5 * (1 + Math.tanh(u)) + 0.5 * z * (1 - Math.tanh(u) ** 2) * c * (1 + 3 * 0.044715 * z * z);
  },
};

export interface RefNet {
  widths: number[];
  act: Act;
  out: Model['output'];
}

/** The weights of layer l as W[j][k] and b[k], read from Φ by SPEC's layout. */
export function unpack(net: RefNet, phi: ArrayLike<number>): { W: number[][]; b: number[] }[] {
  const layers: { W: number[][]; b: number[] }[] = [];
  let at = 0;
  for (let l = 0; l + 1 < net.widths.length; l++) {
    const [fi, fo] = [net.widths[l]!, net.widths[l + 1]!];
    const W = Array.from({ length: fi }, (_, j) => Array.from({ length: fo }, (_, k) => phi[at + j * fo + k]!));
    at += fi * fo;
    const b = Array.from({ length: fo }, (_, k) => phi[at + k]!);
    at += fo;
    layers.push({ W, b });
  }
  return layers;
}

export const dims = (widths: number[]) => widths.slice(1).reduce((D, fo, l) => D + (widths[l]! + 1) * fo, 0);

/** One example's input and target from a data set. */
export function example(set: ModelData['train'], j: number): { x: number[]; y: number | number[] } {
  const x = Array.from(set.x.subarray(j * set.inputs, (j + 1) * set.inputs));
  if ('classes' in set) return { x, y: set.y[j]! };
  return { x, y: Array.from(set.y.subarray(j * set.outputs, (j + 1) * set.outputs)) };
}

/** L_i and ∂L_i/∂z at the outputs z, from SPEC §13's formulas. */
function outLoss(out: Model['output'], z: number[], y: number | number[]): { L: number; dz: number[] } {
  if (out === 'logistic') {
    const s = 1 / (1 + Math.exp(-z[0]!));
    return { L: Math.log(1 + Math.exp(z[0]!)) - (y as number) * z[0]!, dz: [s - (y as number)] };
  }
  if (out === 'softmax') {
    const S = z.reduce((a, v) => a + Math.exp(v), 0);
    return { L: Math.log(S) - z[y as number]!, dz: z.map((v, k) => Math.exp(v) / S - (k === y ? 1 : 0)) };
  }
  const t = y as number[];
  return { L: 0.5 * z.reduce((a, v, k) => a + (v - t[k]!) ** 2, 0), dz: z.map((v, k) => v - t[k]!) };
}

/** The forward pass: each layer's z = h W + b and h (the activation of z; the last layer's h is z). */
function refForward(net: RefNet, phi: ArrayLike<number>, x: number[]) {
  const layers = unpack(net, phi);
  const zs: number[][] = [];
  const hs: number[][] = [x];
  layers.forEach(({ W, b }, l) => {
    const h = hs[l]!;
    const z = b.map((bk, k) => bk + h.reduce((a, hj, j) => a + hj * W[j]![k]!, 0));
    zs.push(z);
    hs.push(l + 1 < layers.length ? z.map(ACT[net.act]) : z);
  });
  return { layers, zs, hs };
}

/** The network's outputs z at input x. */
export const refOutputs = (net: RefNet, phi: ArrayLike<number>, x: number[]): number[] =>
  refForward(net, phi, x).zs.at(-1)!;

/** L_i of one example and its gradient in Φ's layout (backprop through the nested arrays). */
export function refExample(net: RefNet, phi: ArrayLike<number>, x: number[], y: number | number[]) {
  const { layers, zs, hs } = refForward(net, phi, x);
  const { L, dz } = outLoss(net.out, zs[zs.length - 1]!, y);
  const grads: number[][] = [];
  let delta = dz;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { W } = layers[l]!;
    const h = hs[l]!;
    grads[l] = [...h.flatMap((hj) => delta.map((dk) => hj * dk)), ...delta];
    if (l > 0)
      delta = h.map((_, j) => W[j]!.reduce((a, w, k) => a + w * delta[k]!, 0) * SLOPE[net.act](zs[l - 1]![j]!));
  }
  return { L, grad: grads.flat() };
}

/** The mean loss and gradient over a set of examples. */
export function refFull(net: RefNet, phi: ArrayLike<number>, set: ModelData['train']): { L: number; grad: number[] } {
  let L = 0;
  const grad = new Array<number>(dims(net.widths)).fill(0);
  for (let j = 0; j < set.n; j++) {
    const { x, y } = example(set, j);
    const e = refExample(net, phi, x, y);
    L += e.L / set.n;
    e.grad.forEach((g, d) => (grad[d]! += g / set.n));
  }
  return { L, grad };
}
