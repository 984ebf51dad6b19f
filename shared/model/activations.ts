/**
 * A model's element-wise pieces (SPEC §13), float64, each over a vector of n units: the hidden
 * layers' activations with their derivatives, and the outputs' per-example losses with their
 * gradients in the last layer's values z. The switch sits outside each loop, so every loop is one
 * plain float64 kernel.
 */
import type { Activation, ModelOutput } from '../experiment/experiment';

/** √(2/π), the constant of gelu's tanh form. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * h = act(z) for units [0, n):
 * - tanh: h = tanh z;
 * - relu: h = max(z, 0);
 * - sigmoid: h = 1/(1 + e^(−z));
 * - gelu (tanh form): h = ½ z (1 + tanh(√(2/π)(z + 0.044715 z³))).
 */
export function activate(kind: Activation, z: Float64Array, h: Float64Array, n: number): void {
  switch (kind) {
    case 'tanh':
      for (let k = 0; k < n; k++) h[k] = Math.tanh(z[k]!);
      return;
    case 'relu':
      for (let k = 0; k < n; k++) h[k] = z[k]! > 0 ? z[k]! : 0;
      return;
    case 'sigmoid':
      for (let k = 0; k < n; k++) h[k] = sigmoid(z[k]!);
      return;
    case 'gelu':
      for (let k = 0; k < n; k++) {
        const v = z[k]!;
        h[k] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + GELU_A * v * v * v)));
      }
  }
}

/**
 * d[k] *= act′(z[k]) for units [0, n) (h = act(z) as `activate` left it):
 * - tanh: 1 − h²; relu: 1 for z > 0, else 0 (0 at 0); sigmoid: h (1 − h);
 * - gelu: ½(1 + tanh u) + ½ z (1 − tanh² u) √(2/π)(1 + 3·0.044715 z²), u = √(2/π)(z + 0.044715 z³).
 */
export function scaleBySlope(kind: Activation, z: Float64Array, h: Float64Array, d: Float64Array, n: number): void {
  switch (kind) {
    case 'tanh':
      for (let k = 0; k < n; k++) d[k]! *= 1 - h[k]! * h[k]!;
      return;
    case 'relu':
      for (let k = 0; k < n; k++) if (!(z[k]! > 0)) d[k] = 0;
      return;
    case 'sigmoid':
      for (let k = 0; k < n; k++) d[k]! *= h[k]! * (1 - h[k]!);
      return;
    case 'gelu':
      for (let k = 0; k < n; k++) {
        const v = z[k]!;
        const th = Math.tanh(GELU_C * (v + GELU_A * v * v * v));
        d[k]! *= 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * GELU_C * (1 + 3 * GELU_A * v * v);
      }
  }
}

/** σ(z) = 1/(1 + e^(−z)), without overflow for either sign. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|)), without overflow. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * The per-example loss L_i at the output values z[0, K) and, when `dz` is given, ∂L_i/∂z into it:
 * - logistic (K = 1, label y ∈ {0, 1}): L = log(1 + e^z) − y z, ∂L/∂z = σ(z) − y;
 * - softmax (label y ∈ {0, …, K − 1}): L = log Σ_k e^{z_k} − z_y, ∂L/∂z_k = softmax(z)_k − [k = y];
 * - linear (target y ∈ ℝ^K at `target[yo…]`): L = ½‖z − y‖², ∂L/∂z = z − y.
 * `label` is the class for logistic and softmax; `target`/`yo` the real targets for linear.
 */
export function outputLoss(
  kind: ModelOutput,
  z: Float64Array,
  K: number,
  label: number,
  target: Float64Array | null,
  yo: number,
  dz: Float64Array | null,
): number {
  if (kind === 'logistic') {
    const v = z[0]!;
    if (dz) dz[0] = sigmoid(v) - label;
    return softplus(v) - label * v;
  }
  if (kind === 'softmax') {
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (z[k]! > m) m = z[k]!;
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(z[k]! - m);
    if (dz) {
      for (let k = 0; k < K; k++) dz[k] = Math.exp(z[k]! - m) / s;
      dz[label]! -= 1;
    }
    return m + Math.log(s) - z[label]!;
  }
  let L = 0;
  for (let k = 0; k < K; k++) {
    const e = z[k]! - target![yo + k]!;
    L += e * e;
    if (dz) dz[k] = e;
  }
  return 0.5 * L;
}

/** The most likely class at the outputs z: logistic 1 when z > 0 (σ(z) > ½), softmax the first largest z_k. */
export function predictedClass(kind: ModelOutput, z: Float64Array, K: number): number {
  if (kind === 'logistic') return z[0]! > 0 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < K; k++) if (z[k]! > z[best]!) best = k;
  return best;
}

/**
 * c[k] = act″(z[k]) for units [0, n) (h = act(z)), for Hessian-vector products:
 * - tanh: −2h(1 − h²); relu: 0; sigmoid: h(1 − h)(1 − 2h);
 * - gelu: (1 − T²)u′ + ½ z (1 − T²)(u″ − 2T u′²), T = tanh u, u′ = √(2/π)(1 + 3·0.044715 z²),
 *   u″ = 6·0.044715 √(2/π) z.
 */
export function curvature(kind: Activation, z: Float64Array, h: Float64Array, c: Float64Array, n: number): void {
  switch (kind) {
    case 'tanh':
      for (let k = 0; k < n; k++) c[k] = -2 * h[k]! * (1 - h[k]! * h[k]!);
      return;
    case 'relu':
      c.fill(0, 0, n);
      return;
    case 'sigmoid':
      for (let k = 0; k < n; k++) c[k] = h[k]! * (1 - h[k]!) * (1 - 2 * h[k]!);
      return;
    case 'gelu':
      for (let k = 0; k < n; k++) {
        const v = z[k]!;
        const T = Math.tanh(GELU_C * (v + GELU_A * v * v * v));
        const u1 = GELU_C * (1 + 3 * GELU_A * v * v);
        const u2 = 6 * GELU_A * GELU_C * v;
        c[k] = (1 - T * T) * u1 + 0.5 * v * (1 - T * T) * (u2 - 2 * T * u1 * u1);
      }
  }
}

/** r[k] = Σ_m ∂²L_i/∂z_k∂z_m · s[m], the output loss's curvature along s (logistic σ(1 − σ); softmax diag(p) − p pᵀ; linear I). */
export function outputCurvature(kind: ModelOutput, z: Float64Array, K: number, s: Float64Array, r: Float64Array): void {
  if (kind === 'logistic') {
    const p = sigmoid(z[0]!);
    r[0] = p * (1 - p) * s[0]!;
    return;
  }
  if (kind === 'linear') {
    for (let k = 0; k < K; k++) r[k] = s[k]!;
    return;
  }
  let m = -Infinity;
  for (let k = 0; k < K; k++) if (z[k]! > m) m = z[k]!;
  let S = 0;
  for (let k = 0; k < K; k++) S += Math.exp(z[k]! - m);
  let ps = 0;
  for (let k = 0; k < K; k++) ps += (Math.exp(z[k]! - m) / S) * s[k]!;
  for (let k = 0; k < K; k++) r[k] = (Math.exp(z[k]! - m) / S) * (s[k]! - ps);
}
