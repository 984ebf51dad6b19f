/**
 * What a number field accepts: a typed value is checked against the field's limits and either taken
 * as it is or refused with the reason, never clamped or rounded behind the user's back (the field
 * then keeps the run's previous value and says why). Pure; no DOM.
 */
export interface NumberRule {
  /** Smallest value allowed (inclusive). */
  min?: number;
  /** Largest value allowed (inclusive). */
  max?: number;
  /** Above 0 (where 0 itself is not allowed; `min` may say more). */
  positive?: boolean;
  /** Whole numbers only. */
  integer?: boolean;
}

export type NumberCheck = { ok: true; value: number } | { ok: false; error: string };

/** A limit as the message prints it: whole numbers with thousands separators, small ones as 1e-6. */
function limit(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return v.toLocaleString('en-US');
  return Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
}

/**
 * Reads `text` (as typed: `1e9`, `−1`, ` 3 `) and checks it against `rule`. The error says what is
 * allowed, e.g. `must be at most 1,000,000` or `must be a whole number`.
 */
export function checkNumber(text: string, rule: NumberRule): NumberCheck {
  const trimmed = text.trim().replace(/^−/, '-');
  if (trimmed === '') return { ok: false, error: 'enter a number' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: `${trimmed} is not a number` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: 'must be a whole number' };
  if (rule.positive && !(value > 0)) return { ok: false, error: 'must be greater than 0' };
  if (rule.min !== undefined && value < rule.min) return { ok: false, error: `must be at least ${limit(rule.min)}` };
  if (rule.max !== undefined && value > rule.max) return { ok: false, error: `must be at most ${limit(rule.max)}` };
  return { ok: true, value };
}

/**
 * The field's note for a refused value: the reason and what is kept, as the field shows it, e.g.
 * `must be at most 10; kept 3`.
 */
export function refusal(error: string, kept: string): string {
  return `${error}; kept ${kept}`;
}
