/**
 * trace.csv as the page exports it (#21 item 6, #22 item 6), against hand-written text: a network's
 * model columns exactly as `sgd-lab run` writes them (SPEC §13), every row counting the same recorded
 * particles (the last one too, not the final cloud), and an sd that is not defined written empty.
 */
import { describe, expect, it } from 'vitest';
import type { Recording, RunRecording } from '../../shared/experiment/recording';
import { traceCsv as cliTraceCsv } from '../../src-main/cli/run';
import { traceCsv } from '../../src-renderer/src/export/trace-csv';

function recording(spec: object, runs: RunRecording[]): Recording {
  return { format: 'sgd-lab/recording', version: 1, spec: spec as Recording['spec'], backend: 'cpu', runs };
}

const base = { lr: [0.5, 0.5], examples: [0, 20], tau: [0, 0.5], diverged: null };

describe('the page trace.csv', () => {
  it('counts the recorded particles on every row: the last row is not the final cloud', () => {
    // record.particles 2 of a run of 4 particles: the final cloud has all 4.
    const run: RunRecording = {
      ...base,
      name: 'cloud',
      t: [0, 1],
      lr: [0.5, 0.5],
      loss: [2, 1],
      positions: [
        [[0], [2]],
        [[1], [5]],
      ],
      final: { t: 1, positions: [[1], [5], [100], [-100]], loss: 1 },
    };
    expect(traceCsv(recording({ loss: { params: ['x'] } }, [run]))).toBe(
      [
        'run,t,lr,loss,examples,tau,particles,live,mean_x,sd_x',
        // 0 and 2: mean 1, sd √2.
        `cloud,0,0.5,2,0,0,2,2,1,${Math.SQRT2}`,
        // 1 and 5: mean 3, sd √8 (the final cloud's 100 and −100 are not in it).
        `cloud,1,0.5,1,20,0.5,2,2,3,${Math.sqrt(8)}`,
        '',
      ].join('\n'),
    );
  });

  it('writes the sd of a 1-particle run empty, and the mean too when no particle is live', () => {
    const run: RunRecording = {
      ...base,
      name: 'one',
      t: [0, 1],
      loss: [3, null],
      positions: [[[1.5, -2]], [[null, 4]]],
      final: { t: 1, positions: [[null, 4]], loss: null },
      diverged: { step: 1, particles: 1 },
    };
    expect(traceCsv(recording({ loss: { params: ['a', 'b'] } }, [run]))).toBe(
      [
        'run,t,lr,loss,examples,tau,particles,live,mean_a,mean_b,sd_a,sd_b',
        'one,0,0.5,3,0,0,1,1,1.5,-2,,',
        'one,1,0.5,NaN,20,0.5,1,0,,,,',
        '',
      ].join('\n'),
    );
  });

  it("gives a network the command line's model columns, then particles and live (D weights each)", () => {
    const spec = {
      loss: { expr: '', params: [], model: { hidden: [], activation: 'tanh', output: 'logistic' } },
    };
    const run: RunRecording = {
      ...base,
      name: 'SGD',
      t: [0, 1],
      loss: [0.69, 0.4],
      positions: [
        [
          [0, 0, 0],
          [0.1, 0.2, 0.3],
        ],
        [
          [1, 2, 3],
          [1, null, 3],
        ],
      ],
      final: {
        t: 1,
        positions: [
          [1, 2, 3],
          [1, null, 3],
          [0, 0, 0],
        ],
        loss: 0.4,
      },
      testLoss: [0.7, null],
      accuracy: [0.5, 0.875],
      testAccuracy: [0.25, 0.75],
      sharpness: [1.5, 2.5],
    };
    const rec = recording(spec, [run]);
    expect(traceCsv(rec)).toBe(
      [
        'run,t,lr,loss,examples,tau,test_loss,accuracy,test_accuracy,particles,live',
        'SGD,0,0.5,0.69,0,0,0.7,0.5,0.25,2,2',
        'SGD,1,0.5,0.4,20,0.5,,0.875,0.75,2,1',
        '',
      ].join('\n'),
    );
    // The command line writes the same first columns (one writer).
    expect(cliTraceCsv(rec)).toBe(
      [
        'run,t,lr,loss,examples,tau,test_loss,accuracy,test_accuracy',
        'SGD,0,0.5,0.69,0,0,0.7,0.5,0.25',
        'SGD,1,0.5,0.4,20,0.5,,0.875,0.75',
        '',
      ].join('\n'),
    );
  });
});
