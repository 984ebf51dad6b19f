/** The view's edits of the experiment: copies, optimizer switches, a new loss, the file, a new run. */
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/experiment/experiment';
import { validateExperiment } from '../../shared/experiment/validate';
import {
  experimentInput,
  newRun,
  optimizerOfType,
  runInput,
  withLoss,
  withPreset,
} from '../../src-renderer/src/lib/experiment-edit';
import { suggestedRuns } from '../../src-renderer/src/lib/preset-runs';
import { PRESETS } from '../../shared/losses/presets';

function experiment(input: unknown): Experiment {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.experiment;
}

const rosenbrock = () =>
  experiment({
    title: 'Rosenbrock',
    description: 'A valley',
    steps: 100,
    loss: { preset: 'rosenbrock' },
    runs: [
      { name: 'SGD', optimizer: { type: 'sgd', lr: 0.001 }, start: [0.5, 0.5] },
      {
        name: 'Noisy',
        optimizer: { type: 'adam', lr: 0.01 },
        gradient: {
          kind: 'gaussian',
          batch: 4,
          cov: [
            [2, 0],
            [0, 2],
          ],
        },
        batchScaling: { from: 1 },
      },
    ],
  });

describe('runInput', () => {
  it('is a deep copy', () => {
    const exp = rosenbrock();
    const copy = runInput(exp.runs[1]!);
    expect(copy).toEqual(exp.runs[1]);
    (copy.gradient as { cov: number[][] }).cov[0]![0] = 99;
    (copy.start as number[])[0] = 42;
    expect(exp.runs[1]!.gradient).toEqual({
      kind: 'gaussian',
      batch: 4,
      cov: [
        [2, 0],
        [0, 2],
      ],
    });
    expect(exp.runs[1]!.start).toEqual([-1.5, 2]);
  });
});

describe('optimizerOfType', () => {
  it('keeps the learning rate with each optimizer’s usual averaging length', () => {
    expect(optimizerOfType('sgd', 0.05)).toEqual({ type: 'sgd', lr: 0.05 });
    expect(optimizerOfType('momentum', 0.05)).toEqual({ type: 'momentum', lr: 0.05, N: 10 });
    expect(optimizerOfType('nesterov', 0.05)).toEqual({ type: 'nesterov', lr: 0.05, N: 10 });
    expect(optimizerOfType('rmsprop', 0.05)).toEqual({ type: 'rmsprop', lr: 0.05, N: 100 });
    expect(optimizerOfType('adam-simplified', 0.05)).toEqual({ type: 'adam-simplified', lr: 0.05, Ng: 10, Ns: 1000 });
    expect(optimizerOfType('adam', 0.05)).toEqual({ type: 'adam', lr: 0.05 });
  });

  it('scales the rate by N for the EMA form of momentum (same effective step)', () => {
    expect(optimizerOfType('momentum-ema', 0.05)).toEqual({ type: 'momentum-ema', lr: 0.5, N: 10 });
  });

  it('gives settings the schema accepts', () => {
    for (const type of ['sgd', 'momentum', 'momentum-ema', 'nesterov', 'rmsprop', 'adam-simplified', 'adam'] as const)
      expect(() =>
        experiment({ steps: 1, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: optimizerOfType(type, 0.01) }] }),
      ).not.toThrow();
  });
});

describe('withLoss', () => {
  it('moves to a loss with another dimension: preset start, a resized covariance, no old title', () => {
    const spec = withLoss(rosenbrock(), { preset: 'quadratic-1d' }, true);
    expect(spec.title).toBeUndefined();
    expect(spec.description).toBeUndefined();
    expect(spec.loss).toEqual({ preset: 'quadratic-1d' });
    expect(spec.runs[0]!.start).toEqual([3]); // the preset's start: the old one has two numbers
    expect(spec.runs[1]!.start).toEqual([3]);
    // σ² of the old covariance kept on a 1×1 identity.
    expect(spec.runs[1]!.gradient).toEqual({ kind: 'gaussian', batch: 4, cov: [[2]] });
    expect(spec.runs[1]!.batchScaling).toEqual({ from: 1 });
    expect(spec.runs[0]!.batchScaling).toBeUndefined();
    // The result is a valid experiment.
    const exp = experiment(spec);
    expect(exp.loss.params).toEqual(['x']);
  });

  it('keeps starts of the right size when asked, or moves them to the domain’s center', () => {
    const exp = rosenbrock();
    const custom = {
      expr: 'x^2 + y^2',
      params: ['x', 'y'],
      domain: [
        [0, 4],
        [-2, 6],
      ] as [number, number][],
    };
    expect(withLoss(exp, custom, true).runs.map((r) => r.start)).toEqual([
      [0.5, 0.5],
      [-1.5, 2],
    ]);
    expect(withLoss(exp, custom, false).runs.map((r) => r.start)).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('turns a minibatch into Gaussian noise when the new loss has no data', () => {
    const exp = experiment({
      steps: 10,
      loss: { preset: 'quadratic-2d' },
      runs: [{ optimizer: { type: 'sgd' }, gradient: { kind: 'minibatch', batch: 8 } }],
    });
    const spec = withLoss(exp, { preset: 'himmelblau' }, true);
    expect(spec.runs[0]!.gradient).toEqual({
      kind: 'gaussian',
      batch: 8,
      cov: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(spec.runs[0]!.start).toEqual([3, 3]); // same dimension: kept
    expect(() => experiment(spec)).not.toThrow();
  });

  it('keeps batch scaling on a gradient that still has a batch', () => {
    const exp = experiment({
      steps: 10,
      loss: { preset: 'quadratic-2d' },
      runs: [{ optimizer: { type: 'sgd' }, gradient: { kind: 'minibatch', batch: 8 }, batchScaling: { from: 2 } }],
    });
    const spec = withLoss(exp, { preset: 'beale' }, true);
    expect(spec.runs[0]!.batchScaling).toEqual({ from: 2 });
    expect(experiment(spec).runs[0]!.gradient.kind).toBe('gaussian');
  });
});

describe('experimentInput', () => {
  it('writes a preset as its name, with only what differs from it', () => {
    const exp = rosenbrock();
    const file = experimentInput(exp);
    expect(file.loss).toEqual({ preset: 'rosenbrock' });
    expect(file.title).toBe('Rosenbrock');
    expect(file.runs).toEqual(exp.runs);
    const wider = experiment({
      steps: 1,
      loss: {
        preset: 'rosenbrock',
        domain: [
          [-3, 3],
          [-1, 3],
        ],
      },
      runs: [{ optimizer: { type: 'sgd' } }],
    });
    expect(experimentInput(wider).loss).toEqual({
      preset: 'rosenbrock',
      domain: [
        [-3, 3],
        [-1, 3],
      ],
    });
  });

  it('writes a formula with its parameters and domain, and round-trips through validation', () => {
    const exp = experiment({
      steps: 5,
      loss: { expr: '(x - 1)^2', params: ['x'], domain: [[-1, 3]] },
      runs: [{ optimizer: { type: 'sgd' } }],
    });
    const file = experimentInput(exp);
    expect(file.loss).toEqual({ expr: '(x - 1)^2', params: ['x'], domain: [[-1, 3]] });
    expect(experiment(file)).toEqual(exp);
  });

  it('does not share objects with the experiment', () => {
    const exp = rosenbrock();
    const file = experimentInput(exp);
    (file.runs[0]!.start as number[])[0] = 7;
    expect(exp.runs[0]!.start).toEqual([0.5, 0.5]);
  });
});

describe('newRun', () => {
  it('names the run after the first free number and starts it where the first run starts', () => {
    const exp = rosenbrock();
    const run = newRun(exp);
    expect(run.name).toBe('Run 3');
    expect(run.start).toEqual([0.5, 0.5]);
    expect(run.start).not.toBe(exp.runs[0]!.start);
    exp.runs[1]!.name = 'Run 3';
    expect(newRun(exp).name).toBe('Run 4');
  });
});

describe('withPreset', () => {
  it('loads every preset with its suggested runs, each valid and from the preset’s start', () => {
    for (const preset of PRESETS) {
      const spec = withPreset(rosenbrock(), preset.name);
      const result = validateExperiment(spec);
      expect(result.ok ? [] : result.issues, preset.name).toEqual([]);
      const runs = (spec.runs ?? []) as { name?: string; start?: number[] }[];
      expect(runs.map((r) => r.name)).toEqual(suggestedRuns(preset.name).map((r) => r.name));
      expect(runs.length, preset.name).toBeGreaterThanOrEqual(2);
      for (const run of runs) expect(run.start).toEqual(preset.start);
    }
    // The old runs are gone, the old story too.
    const spec = withPreset(rosenbrock(), 'himmelblau');
    expect(spec.runs?.map((r) => r.name)).toEqual(['SGD noisy', 'GD', 'Adam']);
    expect(spec.title).toBeUndefined();
  });

  it('puts the runs of a new formula at the start it is given', () => {
    const spec = withLoss(
      rosenbrock(),
      {
        expr: 'x^2 + y^2',
        params: ['x', 'y'],
        domain: [
          [3, 7],
          [-5, -1],
        ],
      },
      false,
      [3.8, -1.8],
    );
    expect(spec.runs?.map((r) => r.start)).toEqual([
      [3.8, -1.8],
      [3.8, -1.8],
    ]);
  });
});
