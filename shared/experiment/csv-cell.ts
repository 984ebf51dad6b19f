/**
 * One CSV cell, as every CSV writer of the lab writes it (trace.csv, sweep.csv, the page's exports):
 * RFC 4180 quoting (a comma, a quote or a line break: quoted, quotes doubled), and text that a
 * spreadsheet would run as a formula neutralized (OWASP "CSV injection"): a text cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, unless it is a plain number.
 * Numbers written as numbers are never changed. Pure: no Node, no DOM.
 */

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number (`-0.5`, `1e-3`, `+2`): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A text cell: neutralized when it could start a formula, then quoted as RFC 4180 needs. */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell of either kind: a number as its shortest text (never neutralized), a string by `csvText`. */
export function csvCell(value: string | number): string {
  return typeof value === 'number' ? String(value) : csvText(value);
}
