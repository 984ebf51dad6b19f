/**
 * One RFC 4180 record of CSV text: fields split by commas, quoted fields with commas, line breaks and
 * doubled quotes, and where each problem lies (line and column) for the user's message.
 */
import { DataError } from './data-error';
import { isSpace } from './csv-number';

/** Where a place in the text is, for messages: `line 3, column 7` (both from 1). */
export function lineColumnAt(text: string, offset: number, line: number, lineStart: number): string {
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** One field of a record: where its value lies in the text, or (quoted) its unescaped value. */
export interface Field {
  start: number;
  end: number;
  /** The value of a quoted field (`""` unescaped); undefined for a plain one (read from start…end). */
  quoted?: string;
}

/**
 * Reads one record starting at `pos` by RFC 4180: fields split by commas, a field in double quotes
 * may hold commas, line breaks and `""` for a quote; spaces around a quoted field are allowed.
 * Returns the fields, where the next record starts and how many line breaks it crossed.
 */
export function readRecord(
  text: string,
  pos: number,
  line: number,
  file: string,
): { fields: Field[]; next: number; lines: number } {
  const fields: Field[] = [];
  let i = pos;
  let lines = 0;
  let lineStart = pos;
  for (;;) {
    let j = i;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (text.charCodeAt(j) === 34) {
      const open = j;
      const [openLine, openLineStart] = [line + lines, lineStart];
      let value = '';
      let from = j + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0)
          throw new DataError(
            `${file}: ${lineColumnAt(text, open, openLine, openLineStart)}: a quoted field is never closed`,
            file,
            openLine,
          );
        for (let k = text.indexOf('\n', from); k >= 0 && k < q; k = text.indexOf('\n', k + 1)) {
          lines++;
          lineStart = k + 1;
        }
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      const c = text.charCodeAt(j);
      if (j < text.length && c !== 44 && c !== 10)
        throw new DataError(
          `${file}: ${lineColumnAt(text, j, line + lines, lineStart)}: text after a closing quote (a quote inside a field is written "")`,
          file,
          line + lines,
        );
      fields.push({ start: open, end: j, quoted: value });
      i = j;
    } else {
      let e = i;
      while (e < text.length) {
        const c = text.charCodeAt(e);
        if (c === 44 || c === 10) break;
        e++;
      }
      fields.push({ start: i, end: e });
      i = e;
    }
    if (i < text.length && text.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    return { fields, next: i + 1, lines };
  }
}

/** The text of a field (a quoted one unescaped, a plain one trimmed). */
export function fieldText(text: string, f: Field): string {
  return f.quoted !== undefined ? f.quoted.trim() : text.slice(f.start, f.end).trim();
}
