/**
 * A Langevin step of one particle, written once for both kernels (JavaScript and WGSL): `substeps`
 * substeps of Φ += −∇L dt + √(η dt) ε with dt = η/substeps (SPEC §6), `L` the loss at the first
 * substep; ε = 0 for an exact gradient, F z for a gaussian one (F the factor of Σ/B). The minibatch
 * noise (Σ(Φ)/B from fresh examples) is each kernel's own (`minibatchNoise`).
 */
import { builtin, keepSlotLines, langevinGaussianLines, normalLine, range, type Dialect } from './dialect';
import type { KernelSpelling } from './estimate-code';
import type { KernelPlan } from './plan';

/** The step's lines: sets `L`, `w_x<d>` and keeps the optimizer's state `w_s<k>_<d>`. */
export function langevinLines(
  k: KernelSpelling,
  plan: KernelPlan,
  substeps: number,
  minibatchNoise: () => string[],
): string[] {
  const dl = k.dialect;
  const c = dl.constant;
  const v = dl.variable;
  const ds = range(plan.D);
  const lines = [
    `${c} dt = lr / ${k.count(substeps)}; ${c} amp = ${builtin(dl, 'sqrt')}(lr * dt); ${v} L = ${dl.number(NaN)};`,
    ds.map((d) => `${v} y${d} = x${d};`).join(' '),
    k.seed(plan.keys.langevin),
    k.loop(substeps, 'u'),
    `${k.full(ds.map((d) => `y${d}`).join(', '))} ${k.onFirst('u', 'L = R[0];')}`,
    ds.map((d) => `${c} G${d} = R[${d + 1}];`).join(' '),
  ];
  const kind = plan.gradient.kind;
  if (kind === 'exact') lines.push(...ds.map((d) => `y${d} = y${d} - G${d} * dt;`));
  else if (kind === 'gaussian') lines.push(normalLine(dl, plan.D), ...langevinGaussianLines(dl, plan));
  else lines.push(...minibatchNoise());
  lines.push(`}`, ...ds.map((d) => `${c} w_x${d} = y${d};`), ...keepSlotLines(dl, plan));
  return lines;
}

/**
 * The minibatch noise's last lines, given the Cholesky factor l00, l10, l11 of Σ(Φ)/B (D ≤ 2):
 * y −= G dt, plus amp · L z.
 */
export function choleskyNoiseLines(dialect: Dialect, D: number): string[] {
  return [
    normalLine(dialect, D),
    `y0 = y0 - G0 * dt + amp * (l00 * z0);`,
    ...(D > 1 ? [`y1 = y1 - G1 * dt + amp * (l10 * z0 + l11 * z1);`] : []),
  ];
}
