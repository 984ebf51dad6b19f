/**
 * The CSV reader against RFC 4180: quoted fields holding commas, line breaks and doubled quotes, in
 * any column; errors with the row, the column name and the line and column in the file. Random
 * tables written by an independent RFC 4180 writer must read back to the numbers written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, parseCsv } from '../../src-main/engine/loss/csv-columns';

/** RFC 4180 writing: quote a field that holds a comma, a quote or a line break; double its quotes. */
const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const toCsv = (rows: string[][], eol = '\n') => rows.map((r) => r.map(field).join(',')).join(eol) + eol;

function error(text: string, names: string[]): DataError {
  try {
    parseCsv(text, names, 'f.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('parsed');
}

describe('CSV: RFC 4180 quoting', () => {
  it('reads quoted fields with commas, line breaks and doubled quotes around the numeric columns', () => {
    const text = 'name,"a, the first",b\n"Smith, J.",1,2\n"line one\nline two",3,4\n"say ""hi""", 5 ,"6"\r\n';
    const { columns, n } = parseCsv(text, ['a, the first', 'b'], 'f.csv');
    expect(n).toBe(3);
    expect([...columns[0]!]).toEqual([1, 3, 5]);
    expect([...columns[1]!]).toEqual([2, 4, 6]);
  });

  it('reads back random tables of numbers and text written by an RFC 4180 writer', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' ', 'x'), maxLength: 8 });
    // Any float64 written out in full reads back bit for bit (the columns are float64).
    const number = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => v + 0); // String(-0) is "0"
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, number, text, number), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          const csv = toCsv(
            [['t1', 'u', 't,2', 'v'], ...rows.map(([a, u, b, v]) => [a, String(u), b, String(v)])],
            eol,
          );
          const { columns, n } = parseCsv(csv, ['v', 'u'], 'f.csv');
          expect(n).toBe(rows.length);
          expect([...columns[0]!]).toEqual(rows.map((r) => r[3]));
          expect([...columns[1]!]).toEqual(rows.map((r) => r[1]));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CSV: errors by row, column name, line and column', () => {
  it('says where a quoted field is never closed', () => {
    const e = error('a,b\n1,2\n3,"4\n5,6\n', ['a', 'b']);
    expect(e.message).toBe('f.csv: line 3, column 3: a quoted field is never closed');
    expect(e.row).toBe(3);
  });

  it('says where text follows a closing quote', () => {
    expect(error('a,b\n1,"2"x\n', ['a', 'b']).message).toMatch(/^f\.csv: line 2, column 6: text after a closing quote/);
  });

  it('counts lines inside quoted fields for the rows after them', () => {
    const e = error('t,a\n"one\ntwo\nthree",1\nok,zz\n', ['a']);
    expect(e.message).toBe('f.csv: row 5, column a: "zz" is not a number (line 5, column 4)');
    expect(e.row).toBe(5);
    expect(e.column).toBe('a');
  });

  it('names a quoted cell that is not a number, and a short row after a quoted one', () => {
    expect(error('a,b\n"1,5",2\n', ['a', 'b']).message).toBe(
      'f.csv: row 2, column a: "1,5" is not a number (line 2, column 1)',
    );
    expect(error('a,b\n"1"\n', ['a', 'b']).message).toBe('f.csv: row 2, column b: the row is too short');
  });
});
