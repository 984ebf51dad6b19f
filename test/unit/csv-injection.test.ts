/**
 * CSV formula injection (OWASP): every CSV the lab writes — trace.csv from `sgd-lab run`, the page's
 * trace.csv export, sweep.csv and the Theory tables — neutralizes a text cell a spreadsheet would run
 * as a formula with a leading `'`; numbers stay numbers. Expected cells written by hand.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../shared/experiment/csv-cell';
import type { Recording } from '../../shared/experiment/recording';
import { traceCsv as cliTraceCsv } from '../../src-main/cli/run';
import { cellRows, headerLine, readCsvRecords } from '../../src-main/sweep/sweep-csv';
import { traceCsv as pageTraceCsv } from '../../src-renderer/src/export/trace-csv';
import { toCsv } from '../../src-renderer/src/theory/table-csv';

const CALC = "=cmd|' /C calc'!A0";

function recording(name: string): Recording {
  return {
    format: 'sgd-lab/recording',
    version: 1,
    spec: { loss: { params: ['x'] }, runs: [] } as unknown as Recording['spec'],
    backend: 'cpu',
    runs: [
      {
        name,
        t: [0, 4],
        lr: [0.1, 0.05],
        examples: [0, 8],
        tau: [0, 0.3],
        loss: [-0.5, 1e-3],
        positions: [[[-2]], [[-1]]],
        final: { t: 4, positions: [[-1]], loss: 1e-3 },
        diverged: null,
      },
    ],
  };
}

describe('the shared CSV cell', () => {
  it.each([
    [CALC, `'${CALC}`],
    ['+1+cmd', "'+1+cmd"],
    ['-2-cmd', "'-2-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['SGD, "fast"', '"SGD, ""fast"""'],
    ['adam', 'adam'],
    ['a=b', 'a=b'],
  ])('text %j is written %j', (text, want) => {
    expect(csvText(text)).toBe(want);
  });

  it('leaves numbers alone, as numbers and as plain-number text', () => {
    expect([csvCell(-0.5), csvCell(1e-3), csvCell(-3e21), csvCell('-0.5'), csvCell('+2'), csvCell('1e-3')]).toEqual([
      '-0.5',
      '0.001',
      '-3e+21',
      '-0.5',
      '+2',
      '1e-3',
    ]);
  });
});

describe('every CSV writer neutralizes text cells and keeps numbers', () => {
  it('sgd-lab run: trace.csv', () => {
    const lines = cliTraceCsv(recording(CALC)).trimEnd().split('\n');
    expect(lines.slice(1)).toEqual([`'${CALC},0,0.1,-0.5,0,0`, `'${CALC},4,0.05,0.001,8,0.3`]);
  });

  it("the page's trace.csv export", () => {
    const lines = pageTraceCsv(recording('@SUM(A1)')).trimEnd().split('\n');
    // One particle: its sd is not defined, written empty.
    expect(lines.slice(1)).toEqual(["'@SUM(A1),0,0.1,-0.5,0,0,1,1,-2,", "'@SUM(A1),4,0.05,0.001,8,0.3,1,1,-1,"]);
  });

  it('sweep.csv: varied values, run names and the header', () => {
    expect(headerLine(['runs[0].name', 'runs[0].optimizer.lr'])).toBe(
      'runs[0].name,runs[0].optimizer.lr,cell,run,L,L_stderr,final_loss,examples,tau,diverged\n',
    );
    const row = cellRows(7, [CALC, -0.5], recording('-x'), 0);
    expect(readCsvRecords(row).records[0]!.fields.slice(0, 4)).toEqual([`'${CALC}`, '-0.5', '7', "'-x"]);
    expect(
      cellRows(0, [{ type: '+sgd' }, 1e-3], recording('+y'), 0)
        .split(',')
        .slice(0, 4),
    ).toEqual(['"{""type"":""+sgd""}"', '0.001', '0', "'+y"]);
  });

  it("the Theory panel's table export", () => {
    expect(
      toCsv(
        ['run', 'L'],
        [
          [CALC, -0.5],
          ['\tx', 1e-3],
          ['ok', null],
        ],
      ),
    ).toBe(`run,L\r\n'${CALC},-0.5\r\n'\tx,0.001\r\nok,\r\n`);
  });
});
