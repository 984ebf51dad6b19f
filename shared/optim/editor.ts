/**
 * The run editor's optimizer fields, derived from the optimizer table (descriptors.ts): the choices of
 * optimizer, the settings a run gets when it switches to one, and one field per running average and
 * per field of the entry, with its label, tooltip, limits and scale. Pure data for the view to draw.
 */
import type { OptimizerSettings } from './entry';
import { averageOf } from './descriptors';
import { optimizerDescriptor, registeredOptimizers } from './registry';

/** A number the editor shows: `key` is written on change, `drop` (β of an N) removed. */
export interface NumberEditorField {
  kind: 'number';
  key: string;
  drop?: string;
  label: string;
  tooltip: string;
  value: number;
  min: number;
  max?: number;
  step: number | 'any';
  /** Drawn on a log scale (a slider over [min, max]: ε). */
  log: boolean;
}

/** One of a few names, as a select. */
export interface ChoiceEditorField {
  kind: 'choice';
  key: string;
  label: string;
  tooltip: string;
  value: string;
  options: { value: string; label: string }[];
}

export type EditorField = NumberEditorField | ChoiceEditorField;

/** The largest β the editor takes (the file takes any β < 1). */
export const MAX_EDITOR_DECAY = 0.999999;
/** A log field's slider range. */
export const LOG_RANGE = { min: 1e-12, max: 1e-2 } as const;

/** The optimizers to choose from: type, label and update rule (the tooltip). */
export function optimizerChoices(): { type: string; label: string; rule: string }[] {
  return registeredOptimizers().map(({ type, label, rule }) => ({ type, label, rule }));
}

/** N as the editor shows it: given, else from β (rounded to 3 decimals), else the default. */
function shownAverage(opt: OptimizerSettings, n: string, beta: string, fallback: number): number {
  if (typeof opt[n] === 'number') return opt[n];
  if (typeof opt[beta] === 'number') return Math.round((1 / (1 - opt[beta])) * 1000) / 1000;
  return fallback;
}

/** The fields of a run's optimizer (besides η), in the table's order: the averages, then the entry's fields. */
export function optimizerFields(opt: OptimizerSettings): EditorField[] {
  const d = optimizerDescriptor(opt.type);
  const fields: EditorField[] = d.averages.map((a) => ({
    kind: 'number',
    key: a.n,
    drop: a.beta,
    label: a.label,
    tooltip: a.tooltip,
    value: shownAverage(opt, a.n, a.beta, a.default),
    min: 1,
    step: 'any',
    log: false,
  }));
  for (const p of d.params) {
    const { name: key, label, tooltip } = p;
    if (p.kind === 'choice') {
      const value = typeof opt[key] === 'string' ? opt[key] : p.default;
      const options = p.choices.map((c, i) => ({ value: c, label: p.choiceLabels[i] ?? c }));
      fields.push({ kind: 'choice', key, label, tooltip, value, options });
      continue;
    }
    const value = typeof opt[key] === 'number' ? opt[key] : p.default;
    const log = p.log === true;
    fields.push({
      kind: 'number',
      key,
      label,
      tooltip,
      value,
      min: log ? LOG_RANGE.min : 0,
      ...(p.kind === 'decay' ? { max: MAX_EDITOR_DECAY } : log ? { max: LOG_RANGE.max } : {}),
      step: p.step ?? 'any',
      log,
    });
  }
  return fields;
}

/**
 * The settings a run gets when it switches to optimizer `type`: η kept (times its first N where the
 * entry's η is η′ = N η, so the step stays the same), each running average at its default.
 */
export function switchedOptimizer(type: string, lr: number): OptimizerSettings {
  const d = optimizerDescriptor(type);
  const out: Record<string, number> = {};
  for (const a of d.averages) out[a.n] = a.default;
  const first = d.averages[0];
  const scale = d.lrScale === 'N' && first ? averageOf({ type, lr, ...out }, first) : 1;
  return { type, lr: lr * scale, ...out };
}
