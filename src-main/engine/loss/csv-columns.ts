/**
 * Reads numeric columns of a CSV file's text by header name (RFC 4180 quoting). One pass over the text
 * with `indexOf`, no regular expressions per cell: a million rows load in about a second. The file
 * itself is read by the one data reader (files/data-file.ts, through loss/data.ts).
 */
import { isSpace, parseCell } from './csv-number';
import { fieldText, lineColumnAt, readRecord } from './csv-record';
import { DataError } from './data-error';

export { DataError };

/**
 * Reads the columns `names` from the CSV text (RFC 4180: quoted fields may hold commas, line breaks
 * and doubled quotes). Rows are numbered by the line they start on (the header is row 1, blank lines
 * count); an error also gives the line and column of the offending cell. Blank lines are skipped.
 * Lines without a quote take a fast path that never builds a string per cell.
 */
export function parseCsv(text: string, names: string[], file: string): { columns: Float64Array[]; n: number } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let pos = 0;
  let row = 0;
  let header: string[] | undefined;
  // Find the header: the first non-blank line.
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    row++;
    if (text.slice(pos, end).trim() !== '') {
      const record = readRecord(text, pos, row, file);
      header = record.fields.map((f) => fieldText(text, f));
      pos = record.next;
      row += record.lines;
      break;
    }
    pos = end + 1;
  }
  if (!header) throw new DataError(`${file}: the file is empty (it needs a header row naming the columns)`, file);
  const index = names.map((name) => {
    const i = header.indexOf(name);
    if (i < 0)
      throw new DataError(
        `${file}: no column ${name} (the header has ${header.filter((h) => h !== '').join(', ') || 'no names'})`,
        file,
        1,
        name,
      );
    return i;
  });
  const width = header.length;
  let capacity = Math.max(1024, Math.ceil((text.length - pos) / Math.max(2, width * 2)));
  let columns = names.map(() => new Float64Array(capacity));
  let n = 0;
  const want = new Int32Array(width).fill(-1);
  index.forEach((col, k) => (want[col] = k));
  let nextQuote = text.indexOf('"', pos);
  const notANumber = (k: number, cell: string, at: string) =>
    new DataError(
      `${file}: row ${row}, column ${names[k]}: ${cell === '' ? 'empty cell' : `"${cell.slice(0, 40)}" is not a number`} (${at})`,
      file,
      row,
      names[k],
    );
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    row++;
    const lineStart = pos;
    let blank = true;
    for (let i = lineStart; i < end; i++)
      if (!isSpace(text.charCodeAt(i))) {
        blank = false;
        break;
      }
    if (blank) {
      pos = end + 1;
      continue;
    }
    if (n === capacity) {
      capacity *= 2;
      columns = columns.map((c) => {
        const next = new Float64Array(capacity);
        next.set(c);
        return next;
      });
    }
    let found = 0;
    let col = 0;
    if (nextQuote >= 0 && nextQuote < end) {
      // A quoted field somewhere in this record: the RFC 4180 reader (it may span lines).
      const record = readRecord(text, lineStart, row, file);
      for (const [c, field] of record.fields.entries()) {
        const k = c < width ? want[c]! : -1;
        if (k < 0) continue;
        const cell = fieldText(text, field);
        const v =
          field.quoted !== undefined ? parseCell(cell, 0, cell.length) : parseCell(text, field.start, field.end);
        if (Number.isNaN(v)) throw notANumber(k, cell, lineColumnAt(text, field.start, row, lineStart));
        columns[k]![n] = v;
        found++;
      }
      col = record.fields.length;
      pos = record.next;
      const startRow = row;
      row += record.lines;
      nextQuote = text.indexOf('"', pos);
      if (found < names.length) {
        const missing = names[index.findIndex((c) => c >= col)] ?? names[0]!;
        throw new DataError(
          `${file}: row ${startRow}, column ${missing}: the row is too short`,
          file,
          startRow,
          missing,
        );
      }
      n++;
      continue;
    }
    pos = end + 1;
    let cellStart = lineStart;
    while (cellStart <= end && found < names.length) {
      let cellEnd = text.indexOf(',', cellStart);
      if (cellEnd < 0 || cellEnd > end) cellEnd = end;
      const k = col < width ? want[col]! : -1;
      if (k >= 0) {
        const v = parseCell(text, cellStart, cellEnd);
        if (Number.isNaN(v))
          throw notANumber(k, text.slice(cellStart, cellEnd).trim(), lineColumnAt(text, cellStart, row, lineStart));
        columns[k]![n] = v;
        found++;
      }
      col++;
      cellStart = cellEnd + 1;
    }
    if (found < names.length) {
      const missing = names[index.findIndex((c) => c >= col)] ?? names[0]!;
      throw new DataError(`${file}: row ${row}, column ${missing}: the row is too short`, file, row, missing);
    }
    n++;
  }
  if (n === 0) throw new DataError(`${file}: no data rows below the header`, file);
  return { columns: columns.map((c) => c.slice(0, n)), n };
}
