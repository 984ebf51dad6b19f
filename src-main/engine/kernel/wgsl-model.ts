/**
 * A model run's step (SPEC §13) as a WGSL compute shader, float32: one workgroup per network, its
 * WG invocations sharing the work. Per step t:
 *
 * 1. the examples of the estimate (the minibatch's B rows j_b, or all n rows for `exact`) are dealt out
 *    b = lid, lid + WG, …; each invocation runs the forward pass z_l = h_{l−1} W_l + b_l,
 *    h_l = act(z_l), the output loss L_i with δ_L = ∂L_i/∂z_L, and the backward pass
 *    ∂L_i/∂W_l[j][k] = h_{l−1}[j] δ_l[k], ∂L_i/∂b_l[k] = δ_l[k], δ_{l−1} = (W_l δ_l) ⊙ act′(z_{l−1}),
 *    adding (1/B)·∇L_i into its own gradient slice (and ∇L_i² into its q slice when the rule reads q);
 * 2. invocation lid takes coordinates d = lid, lid + WG, …: ĝ_d = Σ over the slices (plus (σ/√B) z_d
 *    for a gaussian estimate), then the optimizer table's update for one coordinate (kernel/dialect.ts
 *    `updateLines`, as the CPU model engine's update.ts prints it), written aside;
 * 3. when the batch loss and every new coordinate are finite, the new state replaces the old; else the
 *    network stops at its last finite position with its step recorded (t, or t − 1 when the loss itself
 *    was not finite), as on the CPU.
 *
 * The minibatch rows are the CPU's: the stream (key, particle, step) is a Weyl sequence, so draw b is
 * mix32(seed + (b + 1)·0x9e3779b9), taken by `pick` exactly as the CPU's `picks` floors it. Loops run
 * over the layers with every size (D, the widths, n) a run-time value of the uniform block, so one
 * shader serves any network of the same activation, output and optimizer.
 *
 * Buffers (group 0): 0 `st` state, W = D·(1 + slots) floats per network (x, then each slot); 1 `status`
 * 0 while alive, else the step it stopped at; 2 `sc` per-step values [η_t, …]; 3 `prm` (below);
 * 4 `xs` the training inputs n × inputs; 5 `ys` labels (as floats) or targets n × K; 6 `hy` the
 * hyperparameter block (shared/kernel/hyper-block.ts); 7 `ws` scratch: per network W floats of new state, then per
 * invocation T floats: the gradient slice (D), q and the example's gradient (D each, when read), z, h, δ
 * (U = Σ widths each).
 */
import type { Activation, ModelOutput, Run } from '../../../shared/experiment/experiment';
import { hyperLines, updateLines, type UpdatePlan } from './dialect';
import type { RunShape } from '../../../shared/kernel/hyper-block';
import { WGSL_DIALECT, WGSL_HELPERS } from './wgsl-target';
import { wgslRandom } from '../random/counter-wgsl';

/** Invocations per workgroup (one workgroup per network). */
export const MODEL_WORKGROUP = 64;
/** Most layers a network has (4 hidden layers and the output). */
export const MAX_LAYERS = 5;
/** u32 words of the uniform block. */
export const MODEL_PARAMS_WORDS = 12 + 8 * MAX_LAYERS;

/** What the printed shader depends on. */
export interface ModelKernelSpec {
  activation: Activation;
  output: ModelOutput;
  shape: RunShape;
  gradient: Run['gradient'];
  /** Training rows (the row picks are printed for them). */
  n: number;
  /** Stream keys of the minibatch and gaussian draws. */
  keys: { batch: number; gaussian: number };
}

const u = (k: number) => `${k >>> 0}u`;

const ACTIVATIONS: Record<Activation, string[]> = {
  tanh: ['fn act(z: f32) -> f32 { return tanh_s(z); }', 'fn slope(z: f32, h: f32) -> f32 { return 1.0 - h * h; }'],
  relu: [
    'fn act(z: f32) -> f32 { return select(0.0, z, z > 0.0); }',
    'fn slope(z: f32, h: f32) -> f32 { return select(0.0, 1.0, z > 0.0); }',
  ],
  sigmoid: ['fn act(z: f32) -> f32 { return sigm(z); }', 'fn slope(z: f32, h: f32) -> f32 { return h * (1.0 - h); }'],
  gelu: [
    'const GC = 0.7978845608028654; const GA = 0.044715;',
    'fn act(z: f32) -> f32 { return 0.5 * z * (1.0 + tanh_s(GC * (z + GA * z * z * z))); }',
    'fn slope(z: f32, h: f32) -> f32 { let th = tanh_s(GC * (z + GA * z * z * z));',
    '  return 0.5 * (1.0 + th) + 0.5 * z * (1.0 - th * th) * GC * (1.0 + 3.0 * GA * z * z); }',
  ],
};

/** L_i at the outputs z (at `zo`), ∂L_i/∂z into δ (at `dq`), for example `row`; K output units. */
const OUTPUTS: Record<ModelOutput, string[]> = {
  logistic: [
    'fn out_loss(zo: u32, dq: u32, row: u32, K: u32) -> f32 { let z = ws[zo]; let y = ys[row];',
    '  ws[dq] = sigm(z) - y; return max(z, 0.0) + log(1.0 + exp(-abs(z))) - y * z; }',
  ],
  softmax: [
    'fn out_loss(zo: u32, dq: u32, row: u32, K: u32) -> f32 { let y = u32(ys[row]); var m = ws[zo];',
    '  for (var k = 1u; k < K; k++) { m = max(m, ws[zo + k]); }',
    '  var s = 0.0; for (var k = 0u; k < K; k++) { s += exp(ws[zo + k] - m); }',
    '  for (var k = 0u; k < K; k++) { ws[dq + k] = exp(ws[zo + k] - m) / s - select(0.0, 1.0, k == y); }',
    '  return m + log(s) - ws[zo + y]; }',
  ],
  linear: [
    'fn out_loss(zo: u32, dq: u32, row: u32, K: u32) -> f32 { var l = 0.0;',
    '  for (var k = 0u; k < K; k++) { let e = ws[zo + k] - ys[row * K + k]; l += e * e; ws[dq + k] = e; }',
    '  return 0.5 * l; }',
  ],
};

/** The forward and backward passes over the layers of the uniform block (sizes at run time). */
const PASSES = [
  // h_0 = the input row; z_l, h_l per layer (the last layer's z is the output).
  'fn forward(o: u32, tb: u32, row: u32) {',
  '  let HO = tb + prm.T - 2u * prm.U; let ZO = tb + prm.T - 3u * prm.U;',
  '  for (var k = 0u; k < prm.inputs; k++) { ws[HO + k] = xs[row * prm.inputs + k]; }',
  '  for (var l = 0u; l < prm.L; l++) { let ly = prm.layers[l]; let uo = prm.units[l];',
  '    for (var k = 0u; k < ly.y; k++) { var a = st[o + ly.w + k];',
  '      for (var i = 0u; i < ly.x; i++) { a += ws[HO + uo.x + i] * st[o + ly.z + i * ly.y + k]; }',
  '      ws[ZO + uo.y + k] = a; if (l + 1u < prm.L) { ws[HO + uo.y + k] = act(a); } } } }',
  // go[d] += s · ∂L_i/∂Φ_d from δ_L already in place.
  'fn backward(o: u32, tb: u32, go: u32, s: f32) {',
  '  let HO = tb + prm.T - 2u * prm.U; let ZO = tb + prm.T - 3u * prm.U; let DO = tb + prm.T - prm.U;',
  '  for (var l = prm.L; l > 0u; l--) { let ly = prm.layers[l - 1u]; let uo = prm.units[l - 1u];',
  '    for (var k = 0u; k < ly.y; k++) { ws[go + ly.w + k] += s * ws[DO + uo.y + k]; }',
  '    for (var i = 0u; i < ly.x; i++) { let a = s * ws[HO + uo.x + i]; if (a == 0.0) { continue; }',
  '      let row = go + ly.z + i * ly.y; for (var k = 0u; k < ly.y; k++) { ws[row + k] += a * ws[DO + uo.y + k]; } }',
  '    if (l == 1u) { break; }',
  '    for (var i = 0u; i < ly.x; i++) { var acc = 0.0; let row = o + ly.z + i * ly.y;',
  '      for (var k = 0u; k < ly.y; k++) { acc += st[row + k] * ws[DO + uo.y + k]; }',
  '      ws[DO + uo.x + i] = acc * slope(ws[ZO + uo.x + i], ws[HO + uo.x + i]); } } }',
  // L_i of example `row` with its gradient added into go (scaled by s); returns L_i.
  'fn example(o: u32, tb: u32, go: u32, s: f32, row: u32) -> f32 {',
  '  forward(o, tb, row); let top = prm.units[prm.L - 1u].y; let K = prm.layers[prm.L - 1u].y;',
  '  let Li = out_loss(tb + prm.T - 3u * prm.U + top, tb + prm.T - prm.U + top, row, K);',
  '  backward(o, tb, go, s); return Li; }',
];

/** The uniform block: sizes of this dispatch and of the network (layers: fanIn, fanOut, w, b; units: offsets of a layer's inputs and outputs). */
const PARAMS = [
  'struct Params { P: u32, p0: u32, t0: u32, steps: u32, gx: u32, L: u32, D: u32, n: u32,',
  `  inputs: u32, T: u32, W: u32, U: u32, layers: array<vec4<u32>, ${MAX_LAYERS}>, units: array<vec4<u32>, ${MAX_LAYERS}> }`,
];

const BINDINGS = [
  '@group(0) @binding(0) var<storage, read_write> st: array<f32>;',
  '@group(0) @binding(1) var<storage, read_write> status: array<u32>;',
  '@group(0) @binding(2) var<storage, read> sc: array<f32>;',
  '@group(0) @binding(3) var<uniform> prm: Params;',
  '@group(0) @binding(4) var<storage, read> xs: array<f32>;',
  '@group(0) @binding(5) var<storage, read> ys: array<f32>;',
  '@group(0) @binding(6) var<storage, read> hy: array<f32>;',
  '@group(0) @binding(7) var<storage, read_write> ws: array<f32>;',
];

/** Which estimates and dynamics the WGSL model kernel steps (the rest stay on the CPU kernels). */
export function modelKernelRefusal(run: Run, runIndex: number): string | null {
  if (run.dynamics.type !== 'sgd')
    return `runs[${runIndex}].dynamics: ${run.dynamics.type} on a network runs on the compiled backend, not webgpu`;
  return null;
}

/** The WGSL source of a model run's step kernel (entry point `main`). */
export function wgslModelSource(spec: ModelKernelSpec): string {
  const { shape, gradient } = spec;
  const WG = MODEL_WORKGROUP;
  const ex = shape.needsExamples;
  if (ex && gradient.kind === 'gaussian') throw new Error('webgpu: a gaussian estimate for a rule that reads q');
  const plan: UpdatePlan = {
    D: 1,
    statements: shape.statements,
    layout: shape.layout,
    needsExamples: ex,
    rule: shape.rule,
    perStep: shape.rule.perStep?.names ?? [],
  };
  const slots = shape.rule.slots;
  const K = 1 + plan.perStep.length;
  const mini = gradient.kind === 'minibatch';
  const count = mini ? `${shape.batch}u` : 'prm.n';
  const C = shape.layout.constants.length;
  const accumulate = ex
    ? [
        '      for (var d = 0u; d < prm.D; d++) { ws[tb + 2u * prm.D + d] = 0.0; }',
        '      ls += example(o, tb, tb + 2u * prm.D, 1.0, row);',
        '      for (var d = 0u; d < prm.D; d++) { let e = ws[tb + 2u * prm.D + d];',
        '        ws[tb + d] += e / cf; ws[tb + prm.D + d] += e * e; }',
      ]
    : ['      ls += example(o, tb, tb, 1.0 / cf, row);'];
  return [
    ...PARAMS,
    ...BINDINGS,
    WGSL_HELPERS,
    wgslRandom(spec.n),
    'fn sigm(z: f32) -> f32 { if (z >= 0.0) { return 1.0 / (1.0 + exp(-z)); } let e = exp(z); return e / (1.0 + e); }',
    ...ACTIVATIONS[spec.activation],
    ...OUTPUTS[spec.output],
    ...PASSES,
    `const WG = ${WG}u;`,
    'var<workgroup> wl: array<f32, WG>;',
    'var<workgroup> bad: atomic<u32>;',
    'var<workgroup> lw: f32;',
    'var<workgroup> wflag: u32;',
    `@compute @workgroup_size(${WG})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {',
    'let pl = wid.x + wid.y * prm.gx;',
    'if (pl >= prm.P) { return; }',
    'let i = prm.p0 + pl;',
    'if (lid == 0u) { wflag = status[pl]; }',
    'if (workgroupUniformLoad(&wflag) != 0u) { return; }',
    'let o = pl * prm.W;',
    'let base = pl * (prm.W + WG * prm.T);',
    'let tb = base + prm.W + lid * prm.T;',
    `let cnt = ${count}; let cf = f32(cnt); let used = min(WG, cnt);`,
    ...hyperLines(WGSL_DIALECT, plan, (k) => `hy[${k}u]`),
    'for (var k = 0u; k < prm.steps; k++) {',
    `  let t = prm.t0 + k + 1u; let q = k * ${K}u; let lr = sc[q];`,
    ...plan.perStep.map((name, j) => `  let v_${name} = sc[q + ${j + 1}u];`),
    '  if (lid == 0u) { atomicStore(&bad, 0u); }',
    '  var ls = 0.0;',
    `  if (lid < cnt) { for (var d = 0u; d < ${ex ? '2u * ' : ''}prm.D; d++) { ws[tb + d] = 0.0; } }`,
    ...(mini ? [`  seed_for(${u(spec.keys.batch)}, i, t); let r0 = rs;`] : []),
    '  for (var b = lid; b < cnt; b += WG) {',
    mini ? '    rs = r0 + b * 0x9e3779b9u; let row = pick();' : '    let row = b;',
    ...accumulate,
    '  }',
    '  wl[lid] = ls;',
    '  storageBarrier(); workgroupBarrier();',
    '  if (lid == 0u) { var s = 0.0; for (var j = 0u; j < WG; j++) { s += wl[j]; } lw = s / cf; }',
    ...(gradient.kind === 'gaussian' ? [`  seed_for(${u(spec.keys.gaussian)}, i, t); let r1 = rs;`] : []),
    '  for (var d = lid; d < prm.D; d += WG) {',
    '    var g0 = 0.0; var q0 = 0.0;',
    `    for (var j = 0u; j < used; j++) { let at = base + prm.W + j * prm.T + d; g0 += ws[at];${ex && mini ? ' q0 += ws[at + prm.D];' : ''} }`,
    ...(ex && !mini ? ['    q0 = g0 * g0;'] : []),
    ...(gradient.kind === 'gaussian'
      ? [
          // The normal of coordinate d: the Box–Muller pair d/2 of the stream, its cosine or sine.
          '    rs = r1 + (d & ~1u) * 0x9e3779b9u; let rr = sqrt(-2.0 * log(uni())); let an = 6.283185307179586 * uni();',
          `    g0 += hy[${C}u] * select(rr * sin(an), rr * cos(an), (d & 1u) == 0u);`,
        ]
      : []),
    '    let x0 = st[o + d];',
    ...slots.map((_, s) => `    let s${s}_0 = st[o + ${s + 1}u * prm.D + d];`),
    ...updateLines(WGSL_DIALECT, plan).map((l) => `    ${l}`),
    '    ws[base + d] = w_x0;',
    ...slots.map((_, s) => `    ws[base + ${s + 1}u * prm.D + d] = w_s${s}_0;`),
    '    if (!finite(w_x0)) { atomicOr(&bad, 1u); }',
    '  }',
    '  storageBarrier(); workgroupBarrier();',
    '  if (lid == 0u) { let fl = finite(lw); wflag = select(0u, select(max(t - 1u, 1u), t, fl), !fl || atomicLoad(&bad) != 0u); }',
    '  let dead = workgroupUniformLoad(&wflag);',
    '  if (dead != 0u) { if (lid == 0u) { status[pl] = dead; } break; }',
    '  for (var j = lid; j < prm.W; j += WG) { st[o + j] = ws[base + j]; }',
    '  storageBarrier(); workgroupBarrier();',
    '}',
    '}',
  ].join('\n');
}
