/**
 * A gradient-flow step of one particle, written once for both kernels (JavaScript and WGSL):
 * dΦ/dτ = −∇L by classical RK4, `substeps` steps of h = η/substeps (SPEC §6),
 * y ← y − (h/6)(k₁ + 2k₂ + 2k₃ + k₄) with k₁ = ∇L(y), k₂ = ∇L(y − h/2 k₁), k₃ = ∇L(y − h/2 k₂),
 * k₄ = ∇L(y − h k₃); `L` is the loss at the step's start.
 */
import { keepSlotLines, range } from './dialect';
import type { KernelSpelling } from './estimate-code';
import type { KernelPlan } from './plan';

/** The step's lines: sets `L`, `w_x<d>` and keeps the optimizer's state `w_s<k>_<d>`. */
export function flowLines(k: KernelSpelling, plan: KernelPlan, substeps: number): string[] {
  const c = k.dialect.constant;
  const v = k.dialect.variable;
  const D = plan.D;
  const ds = range(D);
  const at = (stage: string, f: string) => ds.map((d) => `y${d} - ${f} * ${k.stageAt(stage, d)}`).join(', ');
  const two = k.count(2);
  return [
    `${k.full(ds.map((d) => `x${d}`).join(', '))} ${c} L = R[0];`,
    `${c} h = lr / ${k.count(substeps)}; ${ds.map((d) => `${v} y${d} = x${d};`).join(' ')}`,
    k.loop(substeps, 'u'),
    k.stage('k1', ds.map((d) => `y${d}`).join(', '), D),
    k.stage('k2', at('k1', k.half), D),
    k.stage('k3', at('k2', k.half), D),
    k.stage('k4', at('k3', 'h'), D),
    ...ds.map((d) => {
      const [k1, k2, k3, k4] = ['k1', 'k2', 'k3', 'k4'].map((s) => k.stageAt(s, d));
      return `y${d} = y${d} - (${k1} + ${two} * ${k2} + ${two} * ${k3} + ${k4}) * (h / ${k.count(6)});`;
    }),
    `}`,
    ...ds.map((d) => `${c} w_x${d} = y${d};`),
    ...keepSlotLines(k.dialect, plan),
  ];
}
