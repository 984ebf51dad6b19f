/**
 * One CSV cell as a number: a fast path for plain decimals straight from the text, else a strict
 * decimal check (no hex, no Infinity). Shared by the CSV reader (csv.ts) and its record reader.
 */
/** Exact powers of ten (exact in float64 up to 1e22). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parses a plain decimal (`-12.5e-3`) straight from the text without making a string. Up to 15
 * significant digits and a scale within 10^±22 give the correctly rounded float64 (an exact mantissa,
 * then one exact division or multiplication). Returns undefined for anything else, longer mantissas
 * included (full-precision doubles written out), which then take the slow path: Number() rounds them
 * correctly, so the float64 columns hold what the file says.
 */
export function fastDecimal(text: string, s: number, e: number): number | undefined {
  let i = s;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  let anyDigit = false;
  for (; i < e; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      anyDigit = true;
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0 && ++digits > 15) return undefined; // past 2^53 the mantissa is no longer exact
      if (seenDot) fraction++;
    } else if (c === 46 && !seenDot) seenDot = true;
    else break;
  }
  if (!anyDigit) return undefined;
  let exponent = 0;
  if (i < e && (c === 101 || c === 69)) {
    i++;
    let expNegative = false;
    c = text.charCodeAt(i);
    if (c === 45 || c === 43) {
      expNegative = c === 45;
      i++;
    }
    const expStart = i;
    for (; i < e; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      exponent = exponent * 10 + (c - 48);
      if (exponent > 400) return undefined;
    }
    if (i === expStart) return undefined;
    if (expNegative) exponent = -exponent;
  }
  if (i !== e) return undefined;
  const scale = exponent - fraction;
  if (scale < -22 || scale > 22) return undefined;
  const v = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!;
  return negative ? -v : v;
}

/** Parses one cell as a number; NaN when it is not one (empty, text, `1e`, …). */
export function parseCell(text: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (s === e) return NaN;
  const fast = fastDecimal(text, s, e);
  if (fast !== undefined) return fast;
  if (text.charCodeAt(s) === 34 && text.charCodeAt(e - 1) === 34 && e - s >= 2) {
    s++;
    e--;
  }
  const cell = text.slice(s, e).trim();
  if (cell === '') return NaN;
  // Number('0x10') is 16 and Number('Infinity') is infinite: accept decimal forms only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) return NaN;
  const v = Number(cell);
  return Number.isFinite(v) ? v : NaN;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}
