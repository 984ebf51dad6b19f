/**
 * The optimizers' running averages, read off the one table (descriptors.ts): its update statements
 * evaluated on one coordinate (so a view or a test steps an optimizer without a second copy of its
 * maths), which state slot a bias correction belongs to, and the notes' names of the slots.
 */
import type { Optimizer, OptimizerType } from '../spec/experiment';
import { optimizerDescriptor } from './descriptors';

/** Per optimizer, the per-step value that bias-corrects a slot (Adam: m̂ = c1 m, v̂ = c2 v). */
const CORRECTIONS: Partial<Record<OptimizerType, Record<string, string>>> = {
  adam: { m: 'c1', v: 'c2' },
  adamw: { m: 'c1', v: 'c2' },
};

/** Per optimizer, the notes' symbol of each slot (the table's slot name where none is listed). */
const SYMBOLS: Partial<Record<OptimizerType, Record<string, string>>> = {
  momentum: { v: 'v (velocity)' },
  nesterov: { v: 'v (velocity)' },
  'momentum-ema': { m: 'μ' },
  'adam-simplified': { m: 'μ', s: 's' },
  rmsprop: { s: 's' },
};

/** The name a view shows for slot `slot` of an optimizer, and of its bias-corrected value (if any). */
export function slotLabel(type: OptimizerType, slot: string): { raw: string; corrected: string | null } {
  const raw = SYMBOLS[type]?.[slot] ?? slot;
  return { raw, corrected: CORRECTIONS[type]?.[slot] ? `${slot}\u0302` : null };
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
  const rule = optimizerDescriptor(opt.type).kernel;
  const map = CORRECTIONS[opt.type];
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
  const env: Record<string, number> = {
    ...rule.constants(opt, batch),
    ...perStepValues(opt, t, batch),
    ...state.slots,
    x: state.x,
    g,
    q: options.q ?? g * g,
    lr,
  };
  for (const statement of rule.update(opt)) {
    const m = /^\s*([A-Za-z_]\w*)\s*:?=\s*(.+)$/.exec(statement);
    if (!m) throw new Error(`malformed statement ${statement}`);
    env[m[1]!] = evaluate(m[2]!, env);
  }
  return { x: env.x!, slots: Object.fromEntries(rule.slots.map((s) => [s, env[s]!])) };
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

/** Evaluates an expression of the table's language (+ − * /, parentheses, sqrt, sign) over `env`. */
function evaluate(text: string, env: Record<string, number>): number {
  const tokens = text.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_]\w*|[-+*/()]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  function expr(): number {
    let v = term();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + term() : v - term();
    return v;
  }
  function term(): number {
    let v = unary();
    while (peek() === '*' || peek() === '/') v = next() === '*' ? v * unary() : v / unary();
    return v;
  }
  function unary(): number {
    if (peek() === '-') {
      next();
      return -unary();
    }
    return atom();
  }
  function atom(): number {
    const tok = next();
    if (tok === undefined) throw new Error(`unexpected end of ${text}`);
    if (tok === '(') {
      const v = expr();
      if (next() !== ')') throw new Error(`missing ) in ${text}`);
      return v;
    }
    if (/^\d/.test(tok)) return Number(tok);
    if (tok === 'sqrt' || tok === 'sign') {
      if (next() !== '(') throw new Error(`${tok} without ( in ${text}`);
      const v = expr();
      if (next() !== ')') throw new Error(`missing ) in ${text}`);
      return tok === 'sqrt' ? Math.sqrt(v) : Math.sign(v);
    }
    const v = env[tok];
    if (v === undefined) throw new Error(`unknown name ${tok} in ${text}`);
    return v;
  }
  const v = expr();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return v;
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
