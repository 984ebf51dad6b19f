/**
 * The optimizers' running averages, read off the one table (descriptors.ts): its update statements
 * evaluated on one coordinate (so a view or a test steps an optimizer without a second copy of its
 * maths), which state slot a bias correction belongs to, and the notes' names of the slots.
 */
import type { Optimizer, OptimizerType } from '../experiment/experiment';
import { optimizerDescriptor } from './descriptors';
import { FLOAT64, runStatements, statementsOf } from './language';

/** The name a view shows for slot `slot` of an optimizer, and of its bias-corrected value (if any). */
export function slotLabel(type: OptimizerType, slot: string): { raw: string; corrected: string | null } {
  const d = optimizerDescriptor(type);
  return { raw: d.symbols?.[slot] ?? slot, corrected: d.corrections?.[slot] ? `${slot}\u0302` : null };
}

/** The per-step values of a rule at step t (1-based), by name (lr excluded). */
function perStepValues(opt: Optimizer, t: number, batch: number): Record<string, number> {
  const rule = optimizerDescriptor(opt.type).kernel;
  const names = rule.perStep?.names ?? [];
  const values = rule.perStep?.values(opt, t, batch) ?? [];
  return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
}

/**
 * Per slot, the factor that bias-corrects it after t steps (1 where the rule has none, and at t = 0,
 * where the state is still its zero start).
 */
export function stateCorrections(opt: Optimizer, t: number, batch = 1): number[] {
  const { kernel: rule, corrections: map } = optimizerDescriptor(opt.type);
  if (!map || t < 1) return rule.slots.map(() => 1);
  const values = perStepValues(opt, t, batch);
  return rule.slots.map((s) => (map[s] ? values[map[s]]! : 1));
}

/** One coordinate of an optimizer: its position and state slots (all starting at 0). */
export interface ScalarState {
  x: number;
  slots: Record<string, number>;
}

export function initialState(opt: Optimizer, x = 0): ScalarState {
  return { x, slots: Object.fromEntries(optimizerDescriptor(opt.type).kernel.slots.map((s) => [s, 0])) };
}

/**
 * One step t (1-based) of the table's update rule on one coordinate, with gradient estimate g (and
 * q = Σ_b ĝ_b², by default g² as for a batch of one) at rate lr: the statements as the kernels run them.
 */
export function ruleStep(
  opt: Optimizer,
  state: ScalarState,
  g: number,
  t: number,
  lr: number,
  options: { batch?: number; q?: number } = {},
): ScalarState {
  const batch = options.batch ?? 1;
  const rule = optimizerDescriptor(opt.type).kernel;
  const env = new Map<string, number>(
    Object.entries({
      ...rule.constants(opt, batch),
      ...perStepValues(opt, t, batch),
      ...state.slots,
      x: state.x,
      g,
      q: options.q ?? g * g,
      lr,
    }),
  );
  runStatements(statementsOf(rule.update(opt)), env, FLOAT64);
  return { x: env.get('x')!, slots: Object.fromEntries(rule.slots.map((s) => [s, env.get(s)!])) };
}

/** Each step's state of an optimizer fed the sequence `gs` at rate lr (x starting at x0). */
export function stateSequence(opt: Optimizer, gs: readonly number[], lr = 0, x0 = 0): ScalarState[] {
  const out: ScalarState[] = [];
  let s = initialState(opt, x0);
  gs.forEach((g, i) => {
    s = ruleStep(opt, s, g, i + 1, lr);
    out.push(s);
  });
  return out;
}

/**
 * Which of a rule's slots is its first moment (the average of ĝ the step follows): the table names it
 * m (μ), or v where v is the only slot (heavy ball's velocity); −1 for rules with none (RMSProp, AdaGrad).
 */
export function firstMomentSlot(slots: readonly string[]): number {
  const m = slots.indexOf('m');
  if (m >= 0) return m;
  return slots.length === 1 && slots[0] === 'v' ? 0 : -1;
}
