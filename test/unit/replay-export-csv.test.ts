/** The CSV export: the command line's trace.csv columns, then the ensemble statistics, by hand. */
import { describe, expect, it } from 'vitest';
import { csvField, ensembleStats, traceCsv } from '../../src-renderer/src/export/trace-csv';
import { traceCsv as cliTraceCsv } from '../../src-main/cli/run';
import type { Recording } from '../../shared/experiment/recording';

function recording(): Recording {
  return {
    format: 'sgd-lab/recording',
    version: 1,
    spec: { loss: { params: ['x', 'y'] }, runs: [] } as unknown as Recording['spec'],
    backend: 'cpu',
    runs: [
      {
        name: 'SGD, "fast"',
        t: [0, 5],
        lr: [0.1, 0.05],
        examples: [0, 10],
        tau: [0, 0.35],
        loss: [2.5, null],
        positions: [
          [
            [1, 2],
            [3, null],
            [5, 6],
          ],
          // The recorded particles at the last step: the final cloud's first 3.
          [
            [1, 1],
            [2, 3],
            [3, 5],
          ],
        ],
        // The final cloud: every particle (4), which trace.csv does not mix into its rows of 3.
        final: {
          t: 5,
          positions: [
            [1, 1],
            [2, 3],
            [3, 5],
            [4, 7],
          ],
          loss: null,
        },
        diverged: { step: 3, particles: 1 },
      },
    ],
  };
}

describe('CSV export', () => {
  it('writes a row per recorded step with the ensemble statistics over the live particles', () => {
    const lines = traceCsv(recording()).trimEnd().split('\n');
    expect(lines[0]).toBe('run,t,lr,loss,examples,tau,particles,live,mean_x,mean_y,sd_x,sd_y');
    // Live: (1, 2) and (5, 6): means 3, 4; sd √((4 + 4) / 1) = √8 in each coordinate.
    expect(lines[1]).toBe(`"SGD, ""fast""",0,0.1,2.5,0,0,3,2,3,4,${Math.sqrt(8)},${Math.sqrt(8)}`);
    // The last step's 3 recorded particles (not the final 4): x 1, 2, 3 and y 1, 3, 5: means 2, 3; sd 1, 2.
    expect(lines[2]).toBe(`"SGD, ""fast""",5,0.05,NaN,10,0.35,3,3,2,3,1,2`);
    expect(lines).toHaveLength(3);
  });

  it('starts each row with exactly what sgd-lab run writes', () => {
    const ours = traceCsv(recording()).trimEnd().split('\n').slice(1);
    const cli = cliTraceCsv(recording()).trimEnd().split('\n').slice(1);
    // The quoted name holds a comma: compare after the name.
    expect(ours.map((l) => l.split('",')[1]!.split(',').slice(0, 5).join(','))).toEqual(
      cli.map((l) => l.split('",')[1]),
    );
  });

  it('gives no standard deviation below two live particles and no mean without one', () => {
    expect(ensembleStats([[1, 2]], 2)).toEqual({ live: 1, mean: [1, 2], sd: [NaN, NaN] });
    expect(ensembleStats([[null, 2]], 2)).toEqual({ live: 0, mean: [NaN, NaN], sd: [NaN, NaN] });
  });

  it('quotes fields as RFC 4180 says', () => {
    expect([csvField('a'), csvField('a,b'), csvField('say "x"'), csvField('l1\nl2')]).toEqual([
      'a',
      '"a,b"',
      '"say ""x"""',
      '"l1\nl2"',
    ]);
  });
});
