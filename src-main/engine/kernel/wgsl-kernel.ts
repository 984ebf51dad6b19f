/**
 * One run's kernel as a WGSL compute shader, from its plan: the structure of the JavaScript kernel
 * (js-kernel.ts) in float32, one invocation per particle. Per particle: its state into locals, for each
 * step of the dispatch the loss and gradient (reverse mode from the tape), the estimate with its noise,
 * the optimizer's update from the table and the dynamics; a particle whose loss or parameters turn
 * non-finite is frozen at its last finite position with its step recorded; then, when asked, its full
 * loss at the dispatch's last step (a non-finite one freezes it too, as `losses` does on the CPU).
 *
 * Buffers (group 0): 0 `st` the particles' state, W = D·(1 + slots) floats each (x, then each slot);
 * 1 `status` 0 while alive, else the step it stopped at; 2 `loss`; 3 `sc` the dispatch's per-step
 * values [η_t, …]; 4 `prm` (P, t0, steps, with_loss, stride); 5 `dat` the data, column after column;
 * 6 `hy` the run's hyperparameter block (shared/kernel/hyper-block.ts) in float32, written by the host on a hot change.
 * Start positions are drawn on the CPU (the JavaScript kernel's `init`) and uploaded.
 *
 * The source holds only what this file writes, numbers re-printed from values, and the tape's
 * whitelisted operations: no text from the experiment file.
 */
import type { KernelPlan, LossTape } from './plan';
import { dataColumns, hyperLines, lossTapeCode, range } from './dialect';
import type { KernelSpelling } from './estimate-code';
import { choleskyNoiseLines } from './langevin-code';
import { stepLines } from './step-code';
import { NAN, WGSL_DIALECT, WGSL_HELPERS, wgslNumber } from './wgsl-target';
import { wgslRandom } from '../random/counter-wgsl';

/** Invocations per workgroup. */
export const WORKGROUP = 64;

/** Floats of state per particle. */
export const stateStride = (plan: KernelPlan) => plan.D * (1 + plan.rule.slots.length);

/** Statements evaluating a loss tape at p0…p(D−1) (data at d0…), in this kernel's dialect. */
const tapeCode = (lt: LossTape, prefix: string, withGrad: boolean) => lossTapeCode(WGSL_DIALECT, lt, prefix, withGrad);

/** A u32 key as a WGSL literal. */
const key = (k: number) => `${k >>> 0}u`;

/** The WGSL source of one run's kernel (entry point `main`). */
export function wgslKernelSource(plan: KernelPlan): string {
  const { D, n } = plan;
  const ds = range(D);
  const D1 = D + 1;
  const W = stateStride(plan);
  const K = 1 + plan.perStep.length;
  const pdecl = ds.map((d) => `p${d}: f32`).join(', ');
  const Rt = `array<f32, ${D1}>`;
  const dataCount = dataColumns(plan);
  const src: string[] = [
    `struct Params { P: u32, t0: u32, steps: u32, with_loss: u32, stride: u32, pad0: u32, pad1: u32, pad2: u32 }`,
    `@group(0) @binding(0) var<storage, read_write> st: array<f32>;`,
    `@group(0) @binding(1) var<storage, read_write> status: array<u32>;`,
    `@group(0) @binding(2) var<storage, read_write> loss: array<f32>;`,
    `@group(0) @binding(3) var<storage, read> sc: array<f32>;`,
    `@group(0) @binding(4) var<uniform> prm: Params;`,
    `@group(0) @binding(5) var<storage, read> dat: array<f32>;`,
    `@group(0) @binding(6) var<storage, read> hy: array<f32>;`,
    WGSL_HELPERS,
    wgslRandom(n),
  ];
  const readRow = range(dataCount)
    .map((j) => `let d${j} = dat[${j * n}u + row];`)
    .join(' ');

  // ── the loss: per example, and the full mean (moments or a loop over the rows) ──
  const ex = tapeCode(plan.example, 've', true);
  const exLoss = tapeCode(plan.example, 've', false);
  if (n > 0)
    src.push(
      `fn example(${pdecl}, row: u32) -> ${Rt} { ${readRow}`,
      ...ex.lines,
      `return ${Rt}(${[ex.loss, ...ex.grad].join(', ')}); }`,
    );
  if (plan.full) {
    const full = tapeCode(plan.full, 'vf', true);
    const fullLoss = tapeCode(plan.full, 'vf', false);
    src.push(
      `fn full(${pdecl}) -> ${Rt} {`,
      ...full.lines,
      `return ${Rt}(${[full.loss, ...full.grad].join(', ')}); }`,
      `fn loss_only(${pdecl}) -> f32 {`,
      ...fullLoss.lines,
      `return ${fullLoss.loss}; }`,
    );
  } else {
    src.push(
      `fn full(${pdecl}) -> ${Rt} { var l = 0.0; ${ds.map((d) => `var h${d} = 0.0;`).join(' ')}`,
      `for (var row = 0u; row < ${n}u; row++) { ${readRow}`,
      ...ex.lines,
      `l += ${ex.loss}; ${ds.map((d) => `h${d} += ${ex.grad[d]};`).join(' ')} }`,
      `return ${Rt}(l / ${n}.0, ${ds.map((d) => `h${d} / ${n}.0`).join(', ')}); }`,
      `fn loss_only(${pdecl}) -> f32 { var l = 0.0;`,
      `for (var row = 0u; row < ${n}u; row++) { ${readRow}`,
      ...exLoss.lines,
      `l += ${exLoss.loss}; }`,
      `return l / ${n}.0; }`,
    );
  }

  // ── the step entry point ──
  const slots = plan.rule.slots;
  const slotVar = (s: number, d: number) => `s${s}_${d}`;
  const xs = ds.map((d) => `x${d}`).join(', ');
  src.push(
    `@compute @workgroup_size(${WORKGROUP})`,
    `fn main(@builtin(global_invocation_id) gid: vec3<u32>) {`,
    `let i = gid.x + gid.y * prm.stride;`,
    `if (i >= prm.P) { return; }`,
    `let t_end = prm.t0 + prm.steps;`,
    `if (status[i] != 0u) { if (prm.with_loss == 1u) { loss[i] = ${NAN}; } return; }`,
    `let o = i * ${W}u;`,
    ...hyperLines(WGSL_DIALECT, plan, (i) => `hy[${i}u]`),
    ...ds.map((d) => `var x${d} = st[o + ${d}u];`),
    ...slots.flatMap((_, s) => ds.map((d) => `var ${slotVar(s, d)} = st[o + ${(s + 1) * D + d}u];`)),
    `var dead = 0u;`,
    `for (var k = 0u; k < prm.steps; k++) {`,
    `let t = prm.t0 + k + 1u; let q = k * ${K}u; let lr = sc[q];`,
    ...plan.perStep.map((name, j) => `let v_${name} = sc[q + ${j + 1}u];`),
    ...stepLines(WGSL_KERNEL, plan, (S) => minibatchNoise(plan, S)),
    `if (!(finite(L)${ds.map((d) => ` && finite(w_x${d})`).join('')})) {`,
    `dead = select(max(t - 1u, 1u), t, finite(L)); break; }`,
    ...ds.map((d) => `x${d} = w_x${d};`),
    ...slots.flatMap((_, s) => ds.map((d) => `${slotVar(s, d)} = w_${slotVar(s, d)};`)),
    `}`,
    ...ds.map((d) => `st[o + ${d}u] = x${d};`),
    ...slots.flatMap((_, s) => ds.map((d) => `st[o + ${(s + 1) * D + d}u] = ${slotVar(s, d)};`)),
    `if (dead != 0u) { status[i] = dead; if (prm.with_loss == 1u) { loss[i] = ${NAN}; } return; }`,
    `if (prm.with_loss == 1u) {`,
    `let Lf = loss_only(${xs});`,
    `if (finite(Lf)) { loss[i] = Lf; } else { loss[i] = ${NAN}; status[i] = max(t_end, 1u); }`,
    `}`,
    `}`,
  );
  return src.join('\n');
}

/**
 * Langevin's minibatch noise from S fresh examples: Σ(Φ)/B, the unbiased per-example gradient
 * covariance (Welford's running form of the CPU's two passes), its Cholesky factor, then the noisy substep.
 */
function minibatchNoise(plan: KernelPlan, S: number): string[] {
  const { D } = plan;
  const ds = range(D);
  if (D > 2) throw new Error('Langevin with minibatch noise supports at most 2 parameters');
  return [
    `${ds.map((d) => `var m${d} = 0.0;`).join(' ')} var c00 = 0.0; var c10 = 0.0; var c11 = 0.0;`,
    `for (var b = 0u; b < ${S}u; b++) { let E = example(${ds.map((d) => `y${d}`).join(', ')}, pick());`,
    `let nb = f32(b + 1u);`,
    ds.map((d) => `let e${d} = E[${d + 1}] - m${d}; m${d} += e${d} / nb;`).join(' '),
    `c00 += e0 * (E[1] - m0);${D > 1 ? ' c10 += e1 * (E[1] - m0); c11 += e1 * (E[2] - m1);' : ''} }`,
    `let cs = 1.0 / ${wgslNumber((S - 1) * plan.batch)};`,
    `let l00 = sqrt(max(c00 * cs, 0.0));`,
    ...(D > 1
      ? [`let l10 = select(0.0, (c10 * cs) / l00, l00 > 0.0);`, `let l11 = sqrt(max(c11 * cs - l10 * l10, 0.0));`]
      : []),
    ...choleskyNoiseLines(WGSL_DIALECT, D),
  ];
}

/** How the WGSL kernel spells the gradient estimate's pieces (estimate-code.ts). */
const WGSL_KERNEL: KernelSpelling = {
  dialect: WGSL_DIALECT,
  full: (xs) => `let R = full(${xs});`,
  example: (xs) => `let E = example(${xs}, pick());`,
  exampleOut: 'E',
  seed: (k) => `seed_for(${key(k)}, i, t);`,
  zeros: (names) => names.map((n) => `var ${n} = 0.0;`).join(' '),
  loop: (n, v = 'b') => `for (var ${v} = 0u; ${v} < ${n}u; ${v}++) {`,
  onFirst: (v, statement) => `if (${v} == 0u) { ${statement} }`,
  count: (n) => `${n}.0`,
  stage: (name, args) => `let ${name} = full(${args});`,
  stageAt: (name, d) => `${name}[${d + 1}]`,
  half: '(h / 2.0)',
};
