/**
 * Names no variable may have (`__proto__`, `constructor`, `prototype`): an object keyed by them would
 * change its prototype instead of holding the variable (JSON's own `__proto__` key is silently dropped
 * by the schema) or shadow what every object has. Refused by name at validation, with the path, before
 * the schema reads the file: generated variables (`loss.data.vars.__proto__`), parameters
 * (`loss.params[0]`) and, for CSV data, the columns the formula names (`loss.expr`).
 */
import { parseFormula } from '../formula/parse';
import type { SpecIssue } from './issues';

export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const message = (name: string, what: string) => `${name} is a reserved name: choose another name for this ${what}`;

/** Own property of a raw JSON object, or undefined (never the prototype). */
function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Reserved names among the raw input's generated variables and parameters, each with its path. */
export function reservedNameIssues(input: unknown): SpecIssue[] {
  const loss = own(input, 'loss');
  const issues: SpecIssue[] = [];
  const vars = own(own(loss, 'data'), 'vars');
  if (typeof vars === 'object' && vars !== null && !Array.isArray(vars))
    for (const name of Object.keys(vars))
      if (RESERVED_NAMES.has(name)) issues.push({ path: `loss.data.vars.${name}`, message: message(name, 'variable') });
  const params = own(loss, 'params');
  if (Array.isArray(params))
    params.forEach((name, i) => {
      if (typeof name === 'string' && RESERVED_NAMES.has(name))
        issues.push({ path: `loss.params[${i}]`, message: message(name, 'parameter') });
    });
  return issues;
}

/** Reserved names among the CSV columns a (valid) formula reads, as issues of `loss.expr`. */
export function reservedColumnIssues(expr: string, params: string[]): SpecIssue[] {
  const { dataVars } = parseFormula(expr, { params, dataVars: [] }, { anyDataVar: true });
  return dataVars
    .filter((name) => RESERVED_NAMES.has(name))
    .map((name) => ({
      path: 'loss.expr',
      message: `${message(name, 'data column')} (in the formula and the CSV header)`,
    }));
}
