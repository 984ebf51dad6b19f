/**
 * One run's kernel as JavaScript source, from its plan: for each particle of a range, for each step
 * of a block, the loss and its gradient (reverse mode from the tape), the gradient estimate with its
 * noise, the optimizer's update from the table and the dynamics, in float64 over typed arrays, fused
 * into one loop with the particle's state in locals. A particle whose loss or parameters turn
 * non-finite is frozen at its last finite position and its step recorded.
 *
 * The source holds only what this file writes, numbers re-printed from values, and the tape's
 * whitelisted operations: no text from the experiment file. The run's hyperparameters are not in it
 * (they arrive with each call, see hyper.ts), so a new η or N reuses the compiled kernel.
 */
import { dataColumns, hyperLines, lossTapeCode, range } from './dialect';
import type { KernelSpelling } from './estimate-code';
import { choleskyNoiseLines } from './langevin-code';
import { stepLines } from './step-code';
import { JS_DIALECT, jsNumber } from './js-target';
import type { KernelPlan, LossTape } from './plan';
import { RANDOM_JS } from '../random/counter-js';

/** The kernel's entry points (compiled from the source by `compileKernel`). */
export interface RunKernel {
  /** Start positions start + spread·N(0, 1) of particles [p0, p1) (stream `start`, step 0). */
  init(phi: Float64Array, p0: number, p1: number): void;
  /**
   * Advances particles [p0, p1) from step t0 by `steps` steps; `values` holds each step's
   * [η_t, …per-step values]; `slots` the optimizer's state arrays [P·D] each; `hyper` the run's
   * hyperparameter block (the plan's `hyper`, read once per call: a hot change rebuilds nothing).
   */
  step(
    phi: Float64Array,
    slots: Float64Array[],
    alive: Uint8Array,
    death: Int32Array,
    p0: number,
    p1: number,
    t0: number,
    steps: number,
    values: Float64Array,
    hyper: Float64Array,
  ): void;
  /** Full losses of particles [p0, p1) into out (NaN for stopped ones); a live particle whose loss is not finite stops at step t. */
  losses(
    phi: Float64Array,
    alive: Uint8Array,
    death: Int32Array,
    out: Float64Array,
    p0: number,
    p1: number,
    t: number,
  ): void;
  /** The full loss at each of `count` points given as D coordinate arrays. */
  lossAt(coords: Float64Array[], out: Float32Array | Float64Array, count: number): void;
  /** The full loss and gradient at one point: [L, g_1 … g_D]. */
  lossAndGrad(x: readonly number[]): number[];
}

/** Statements evaluating a loss tape at p0…p(D−1) (data at d0…), in this kernel's dialect. */
const tapeCode = (lt: LossTape, prefix: string, withGrad: boolean) => lossTapeCode(JS_DIALECT, lt, prefix, withGrad);

/** The source of one run's kernel module (a function body of `env`, returning a RunKernel). */
export function kernelSource(plan: KernelPlan, start: readonly number[], spread: number): string {
  const { D } = plan;
  const ds = range(D);
  const ps = ds.map((d) => `p${d}`).join(', ');
  const dataCount = dataColumns(plan);
  const src: string[] = ['"use strict";', RANDOM_JS];
  src.push(`const n = ${plan.n};`, `const R = new Float64Array(${1 + D});`);
  if (plan.dynamics.type === 'langevin' && plan.gradient.kind === 'minibatch')
    src.push(`const E = new Float64Array(${plan.dynamics.sigmaSample * D});`);
  for (let j = 0; j < dataCount; j++) src.push(`const C${j} = env.cols[${j}];`);
  const readRow = range(dataCount)
    .map((j) => `const d${j} = C${j}[j];`)
    .join(' ');

  // ── the loss: per example, and the full mean (moments or a loop over the rows) ──
  const ex = tapeCode(plan.example, 'e', true);
  const exLoss = tapeCode(plan.example, 'e', false);
  src.push(
    `function example(${ps}, j) { ${readRow}`,
    ...ex.lines,
    `R[0] = ${ex.loss}; ${ds.map((d) => `R[${d + 1}] = ${ex.grad[d]};`).join(' ')} }`,
  );
  if (plan.full) {
    const full = tapeCode(plan.full, 'f', true);
    const fullLoss = tapeCode(plan.full, 'f', false);
    src.push(
      `function full(${ps}) {`,
      ...full.lines,
      `R[0] = ${full.loss}; ${ds.map((d) => `R[${d + 1}] = ${full.grad[d]};`).join(' ')} }`,
      `function lossOnly(${ps}) {`,
      ...fullLoss.lines,
      `return ${fullLoss.loss}; }`,
    );
  } else {
    src.push(
      `function full(${ps}) { let l = 0; ${ds.map((d) => `let h${d} = 0;`).join(' ')}`,
      `for (let j = 0; j < n; j++) { ${readRow}`,
      ...ex.lines,
      `l += ${ex.loss}; ${ds.map((d) => `h${d} += ${ex.grad[d]};`).join(' ')} }`,
      `R[0] = l / n; ${ds.map((d) => `R[${d + 1}] = h${d} / n;`).join(' ')} }`,
      `function lossOnly(${ps}) { let l = 0;`,
      `for (let j = 0; j < n; j++) { ${readRow}`,
      ...exLoss.lines,
      `l += ${exLoss.loss}; }`,
      `return l / n; }`,
    );
  }
  src.push(`function pick() { return Math.min(n - 1, Math.floor(uni() * n)); }`);

  // ── init ──
  src.push(
    `function init(phi, p0, p1) { for (let i = p0; i < p1; i++) { rs = seedFor(${plan.keys.start}, i, 0);`,
    ...ds.map((d) => `phi[i * ${D} + ${d}] = ${jsNumber(start[d]!)} + ${jsNumber(spread)} * normal();`),
    `} }`,
  );

  // ── step ──
  const slots = plan.rule.slots;
  const K = 1 + plan.perStep.length;
  const slotVar = (s: number, d: number) => `s${s}_${d}`;
  src.push(
    `function step(phi, S, alive, death, P0, P1, t0, steps, sc, hy) {`,
    ...hyperLines(JS_DIALECT, plan, (i) => `hy[${i}]`),
    ...slots.map((_, s) => `const S${s} = S[${s}];`),
    `for (let i = P0; i < P1; i++) {`,
    `if (alive[i] === 0) continue;`,
    `const o = i * ${D};`,
    ...ds.map((d) => `let x${d} = phi[o + ${d}];`),
    ...slots.flatMap((_, s) => ds.map((d) => `let ${slotVar(s, d)} = S${s}[o + ${d}];`)),
    `for (let k = 0; k < steps; k++) {`,
    `const t = t0 + k + 1; const q = k * ${K}; const lr = sc[q];`,
    ...plan.perStep.map((name, j) => `const v_${name} = sc[q + ${j + 1}];`),
    ...stepLines(JS_KERNEL, plan, (S) => minibatchNoise(plan, S)),
    `if (!(L - L === 0${ds.map((d) => ` && w_x${d} - w_x${d} === 0`).join('')})) {`,
    `alive[i] = 0; death[i] = L - L === 0 ? t : Math.max(t - 1, 1); break; }`,
    ...ds.map((d) => `x${d} = w_x${d};`),
    ...slots.flatMap((_, s) => ds.map((d) => `${slotVar(s, d)} = w_${slotVar(s, d)};`)),
    `}`,
    ...ds.map((d) => `phi[o + ${d}] = x${d};`),
    ...slots.flatMap((_, s) => ds.map((d) => `S${s}[o + ${d}] = ${slotVar(s, d)};`)),
    `} }`,
  );

  // ── losses, lossAt, lossAndGrad ──
  src.push(
    `function losses(phi, alive, death, out, P0, P1, t) { for (let i = P0; i < P1; i++) {`,
    `if (alive[i] === 0) { out[i] = NaN; continue; }`,
    `const L = lossOnly(${ds.map((d) => `phi[i * ${D} + ${d}]`).join(', ')});`,
    `if (L - L === 0) out[i] = L; else { out[i] = NaN; alive[i] = 0; death[i] = Math.max(t, 1); } } }`,
    `function lossAt(X, out, count) { ${ds.map((d) => `const X${d} = X[${d}];`).join(' ')}`,
    `for (let i = 0; i < count; i++) out[i] = lossOnly(${ds.map((d) => `X${d}[i]`).join(', ')}); }`,
    `function lossAndGrad(x) { full(${ds.map((d) => `x[${d}]`).join(', ')}); return Array.from(R); }`,
    `return { init, step, losses, lossAt, lossAndGrad };`,
  );
  return src.join('\n');
}

/**
 * Langevin's minibatch noise from S fresh examples: Σ(Φ)/B, the unbiased per-example gradient
 * covariance (two passes), its Cholesky factor, then the noisy substep.
 */
function minibatchNoise(plan: KernelPlan, S: number): string[] {
  const { D } = plan;
  const ds = range(D);
  return [
    ds.map((d) => `let m${d} = 0;`).join(' '),
    `for (let b = 0; b < ${S}; b++) { example(${ds.map((d) => `y${d}`).join(', ')}, pick()); ${ds
      .map((d) => `E[b * ${D} + ${d}] = R[${d + 1}]; m${d} += R[${d + 1}];`)
      .join(' ')} }`,
    ds.map((d) => `m${d} /= ${S};`).join(' '),
    `let c00 = 0${D > 1 ? ', c10 = 0, c11 = 0' : ''};`,
    `for (let b = 0; b < ${S}; b++) { const e0 = E[b * ${D}] - m0; c00 += e0 * e0;${
      D > 1 ? ` const e1 = E[b * ${D} + 1] - m1; c10 += e1 * e0; c11 += e1 * e1;` : ''
    } }`,
    `const cs = 1 / (${(S - 1) * plan.batch});`,
    `const l00 = Math.sqrt(Math.max(c00 * cs, 0));`,
    ...(D > 1
      ? [`const l10 = l00 > 0 ? (c10 * cs) / l00 : 0;`, `const l11 = Math.sqrt(Math.max(c11 * cs - l10 * l10, 0));`]
      : []),
    ...choleskyNoiseLines(JS_DIALECT, D),
  ];
}

/** How the JavaScript kernel spells the gradient estimate's pieces (estimate-code.ts). */
const JS_KERNEL: KernelSpelling = {
  dialect: JS_DIALECT,
  full: (xs) => `full(${xs});`,
  example: (xs) => `example(${xs}, pick());`,
  exampleOut: 'R',
  seed: (k) => `rs = seedFor(${k}, i, t);`,
  zeros: (names) => `let ${names.map((n) => `${n} = 0`).join(', ')};`,
  loop: (n, v = 'b') => `for (let ${v} = 0; ${v} < ${n}; ${v}++) {`,
  onFirst: (v, statement) => `if (${v} === 0) ${statement}`,
  count: (n) => `${n}`,
  stage: (name, args, D) =>
    `full(${args}); ${range(D)
      .map((d) => `const ${name}_${d} = R[${d + 1}];`)
      .join(' ')}`,
  stageAt: (name, d) => `${name}_${d}`,
  half: 'h / 2',
};

/** Compiles a kernel's source with its environment (data columns as float64, ziggurat tables). */
export function compileKernel(source: string, env: { cols: Float64Array[]; zig: unknown }): RunKernel {
  // The source is ours alone (see above); the data reach it only as typed arrays in `env`.
  const factory = new Function('env', source) as (env: unknown) => RunKernel;
  return factory(env);
}
