/**
 * `sweep.csv` (SPEC §12): one row per cell and run — a column per `vary` path (named by the path),
 * `cell`, `run`, then `L`, `L_stderr`, `final_loss`, `examples`, `tau`, `diverged` (particles) — and
 * the reader that resume and merge use, which keeps each record's exact text so that rows are copied
 * byte for byte.
 */
import { csvText } from '../../shared/experiment/csv-cell';
import type { Recording } from '../../shared/experiment/recording';
import { stationaryLoss } from '../../shared/theory/moments';

export const RESULT_COLUMNS = ['cell', 'run', 'L', 'L_stderr', 'final_loss', 'examples', 'tau', 'diverged'] as const;

/** A CSV text field: RFC 4180 quoting, a formula-like start neutralized (`shared/experiment/csv-cell.ts`). */
export const csvField = csvText;

/** A number as the shortest text that reads back to it; `NaN` for a missing or non-finite one. */
export function csvNumber(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? 'NaN' : String(v);
}

/** A varied value as one CSV cell: a number plain, a string or anything else (as JSON) as text. */
export function csvValue(v: unknown): string {
  if (typeof v === 'number') return csvNumber(v);
  return csvText(typeof v === 'string' ? v : JSON.stringify(v));
}

/** The header line (with its line break). */
export function headerLine(varyPaths: readonly string[]): string {
  return [...varyPaths, ...RESULT_COLUMNS].map(csvField).join(',') + '\n';
}

/** The rows of one finished cell (each with its line break), one per run in order. */
export function cellRows(cell: number, values: readonly unknown[], recording: Recording, burnIn: number): string {
  return recording.runs
    .map((run) => {
      const L = stationaryLoss(run.t, run.loss, burnIn);
      const last = run.t.length - 1;
      const fields = [
        ...values.map(csvValue),
        String(cell),
        csvText(run.name),
        csvNumber(L.value),
        csvNumber(L.stderr),
        csvNumber(run.final.loss),
        csvNumber(run.examples[last]),
        csvNumber(run.tau[last]),
        String(run.diverged?.particles ?? 0),
      ];
      return fields.join(',') + '\n';
    })
    .join('');
}

/** One CSV record: its fields and its exact text (line break included). */
export interface CsvRecord {
  fields: string[];
  raw: string;
}

/**
 * Splits CSV text into records (quoted fields may hold commas, quotes and line breaks). A last record
 * without its line break — a write cut short — is returned apart as `partial`.
 */
export function readCsvRecords(text: string): { records: CsvRecord[]; partial: string } {
  const records: CsvRecord[] = [];
  let start = 0;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push({ fields, raw: text.slice(start, i + 1) });
      fields = [];
      field = '';
      start = i + 1;
    } else field += c;
  }
  return { records, partial: text.slice(start) };
}

/** The rows of a sweep.csv grouped by cell, in file order within a cell; the header's text apart. */
export function rowsByCell(
  text: string,
  columns: number,
): { header: string | undefined; cells: Map<number, string[]>; dropped: boolean } {
  const { records, partial } = readCsvRecords(text);
  const cellColumn = columns - RESULT_COLUMNS.length;
  const cells = new Map<number, string[]>();
  let dropped = partial !== '';
  for (const rec of records.slice(1)) {
    const cell = Number(rec.fields[cellColumn]);
    if (rec.fields.length !== columns || !Number.isInteger(cell) || cell < 0) {
      dropped = true;
      continue;
    }
    const list = cells.get(cell) ?? [];
    list.push(rec.raw);
    cells.set(cell, list);
  }
  return { header: records[0]?.raw, cells, dropped };
}
