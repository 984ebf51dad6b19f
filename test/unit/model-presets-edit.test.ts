/**
 * Turning an experiment into a network from the loss panel (src-renderer/src/components/network/
 * network-edit.ts): every data choice with its default output validates, runs keep their optimizers
 * and lose their starts, the recording keeps the first particle, a formula's 2 × 2 gradient covariance becomes minibatches, and the experiment
 * as a file keeps the network (experimentInput).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/experiment/experiment';
import { validateExperiment } from '../../shared/experiment/validate';
import { experimentInput } from '../../src-renderer/src/lib/experiment-edit';
import {
  DATA_CHOICES,
  choiceOf,
  dataFor,
  firstNetwork,
  outputFor,
  withNetwork,
} from '../../src-renderer/src/components/network/network-edit';

function valid(input: unknown): Experiment {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.experiment;
}
const rosenbrock = valid(JSON.parse(readFileSync('resources/default.lab.json', 'utf8')));

describe('network edits', () => {
  it('a first network keeps each run’s optimizer, drops its start, turns a 2 × 2 covariance into minibatches', () => {
    const e = valid(firstNetwork(rosenbrock));
    expect(e.loss.model).toEqual({ hidden: [8], activation: 'tanh', output: 'logistic' });
    expect(e.runs.map((r) => r.optimizer.type)).toEqual(rosenbrock.runs.map((r) => r.optimizer.type));
    expect(e.runs.every((r) => r.start.length === 0)).toBe(true);
    expect(e.runs[2]!.gradient).toEqual({ kind: 'minibatch', batch: 16 });
    expect(e.runs[2]!.particles).toBe(100);
    // A network records its first particle (SPEC §13), not the formula's 100.
    expect(e.record.particles).toBe(1);
    // The file the lab saves keeps the network.
    expect(valid(experimentInput(e)).loss).toEqual(e.loss);
  });

  it.each(DATA_CHOICES.filter((c) => c !== 'csv'))('%s with its output validates', (choice) => {
    const net = valid(firstNetwork(rosenbrock));
    const model = { ...net.loss.model!, output: outputFor(choice, 'logistic') };
    const e = valid(withNetwork(net, model, dataFor(choice)));
    expect(choiceOf(e.loss.data)).toBe(choice);
    expect(e.loss.model!.output).toBe(
      choice === 'sine' ? 'linear' : ['blobs', 'iris', 'digits'].includes(choice) ? 'softmax' : 'logistic',
    );
  });

  it('an uploaded CSV: every column but the last as inputs, the last the target, 20 % held out', () => {
    expect(dataFor('csv', ['x1', 'x2', 'label'], 'points.csv')).toEqual({
      csv: 'points.csv',
      inputs: ['x1', 'x2'],
      target: 'label',
      test: 0.2,
    });
    expect(choiceOf({ csv: 'points.csv', inputs: ['a'], target: 'b' })).toBe('csv');
    expect(choiceOf({ csv: 'points.csv' })).toBeUndefined();
  });
});
