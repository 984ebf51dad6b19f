/** Number formatting for labels and the status line. */

export function fmt(v: number | undefined | null, digits = 3): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(Math.max(0, digits - 1)).replace('e', 'e');
  return Number(v.toPrecision(digits)).toString();
}

/** One formatter for every integer (`toLocaleString` builds one per call: ~0.1 ms each, in every table row). */
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  return INTEGER.format(Math.round(v));
}
