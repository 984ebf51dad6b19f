/**
 * A model's examples from a CSV file (SPEC §13): `inputs` numeric columns; `target` one column of
 * labels for `logistic`/`softmax` (if every value is an integer 0 … K − 1 those are the labels, K the
 * largest + 1; otherwise the distinct values are sorted, numerically when all are numbers and by
 * their text otherwise, and numbered 0, 1, …), or one or more numeric columns for `linear`. The file
 * is read by the one data reader (files/data-file.ts) and its numbers by the project's CSV reader
 * (engine/loss/csv.ts); a label column is read as text by the same record reader. Problems are
 * `DataError`s naming the file, row and column.
 */
import type { DrawnExamples } from '../../shared/data/generated-sets';
import type { DataDir } from '../../shared/experiment/data-path';
import { MAX_CLASSES, type ModelCsvSpec } from '../../shared/experiment/model-data-schema';
import { readDataFile } from '../files/data-file';
import { parseCell, isSpace } from '../engine/loss/csv-number';
import { fieldText, readRecord } from '../engine/loss/csv-record';
import { DataError, parseCsv } from '../engine/loss/csv-columns';

/** The rows of a CSV file as a model's examples, before the split; `sha256` of the bytes read. */
export interface CsvExamples {
  all: DrawnExamples;
  sha256: string;
}

/** The number of test rows `test` stands for among `rows`: a fraction below 1 (rounded), else a count. */
export function testRows(test: number, rows: number): number {
  return test < 1 ? Math.round(test * rows) : test;
}

/** Reads `spec.csv` under `baseDir` and makes its rows examples for a model with `output`. */
export async function readCsvExamples(spec: ModelCsvSpec, output: string, baseDir: DataDir): Promise<CsvExamples> {
  const file = await readDataFile(spec.csv, baseDir, spec.sha256 !== undefined ? { sha256: spec.sha256 } : {});
  const { columns, n } = parseCsv(file.text, spec.inputs, file.label);
  const inputs = spec.inputs.length;
  const x = new Float64Array(n * inputs);
  columns.forEach((col, j) => col.forEach((v, i) => (x[i * inputs + j] = v)));
  const targets = typeof spec.target === 'string' ? [spec.target] : spec.target;
  const base = { count: n, inputs, x, inputNames: spec.inputs, targetNames: targets };
  if (output === 'linear') {
    const t = parseCsv(file.text, targets, file.label).columns;
    const K = targets.length;
    const y = new Float64Array(n * K);
    t.forEach((col, k) => col.forEach((v, i) => (y[i * K + k] = v)));
    return { all: { ...base, y, outputs: K }, sha256: file.sha256 };
  }
  const cells = textColumn(file.text, targets[0]!, file.label);
  const labels = numberLabels(cells, targets[0]!, file.label);
  if (output === 'logistic' && labels.classes > 2)
    throw new DataError(
      `${file.label}: column ${targets[0]} has ${labels.classes} classes: logistic takes 2 (use softmax)`,
      file.label,
      undefined,
      targets[0],
    );
  const classes = output === 'logistic' ? 2 : labels.classes;
  return {
    all: { ...base, y: labels.y, classes, ...(labels.names ? { classNames: labels.names } : {}) },
    sha256: file.sha256,
  };
}

/** Labels 0 … K − 1 for the cells (see the file's comment), and the values they stand for when numbered. */
export function numberLabels(
  cells: string[],
  column: string,
  file: string,
): { y: Int32Array; classes: number; names?: string[] } {
  const numbers = cells.map((c) => parseCell(c, 0, c.length));
  const y = new Int32Array(cells.length);
  if (numbers.every((v) => Number.isInteger(v) && v >= 0)) {
    const K = numbers.reduce((a, b) => Math.max(a, b), 0) + 1;
    if (K > MAX_CLASSES) throw tooMany(file, column, `labels up to ${K - 1}`);
    numbers.forEach((v, i) => (y[i] = v));
    return { y, classes: K };
  }
  const numeric = numbers.every((v) => !Number.isNaN(v));
  const distinct = numeric
    ? [...new Set(numbers)].sort((a, b) => a - b).map(String)
    : [...new Set(cells)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (distinct.length > MAX_CLASSES) throw tooMany(file, column, `${distinct.length} distinct values`);
  const index = new Map(distinct.map((v, k) => [v, k]));
  cells.forEach((c, i) => (y[i] = index.get(numeric ? String(numbers[i]) : c)!));
  return { y, classes: distinct.length, names: distinct };
}

function tooMany(file: string, column: string, what: string): DataError {
  return new DataError(
    `${file}: column ${column} has ${what}: a class target has at most ${MAX_CLASSES} classes (for real values use output linear)`,
    file,
    undefined,
    column,
  );
}

/**
 * The cells of column `name` as text, one per data row, rows as parseCsv counts them (the header is
 * the first non-blank line; blank lines skipped). An empty cell or a short row is an error.
 */
export function textColumn(text: string, name: string, file: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const cells: string[] = [];
  let column = -1;
  let pos = 0;
  let row = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    row++;
    let blank = true;
    for (let i = pos; i < end && blank; i++) blank = isSpace(text.charCodeAt(i));
    if (blank) {
      pos = end + 1;
      continue;
    }
    const record = readRecord(text, pos, row, file);
    const fields = record.fields.map((f) => fieldText(text, f));
    if (column < 0) {
      column = fields.indexOf(name);
      if (column < 0) throw new DataError(`${file}: no column ${name}`, file, 1, name);
    } else {
      const cell = fields[column];
      if (cell === undefined)
        throw new DataError(`${file}: row ${row}, column ${name}: the row is too short`, file, row, name);
      if (cell === '') throw new DataError(`${file}: row ${row}, column ${name}: empty cell`, file, row, name);
      cells.push(cell);
    }
    pos = record.next;
    row += record.lines;
  }
  return cells;
}
