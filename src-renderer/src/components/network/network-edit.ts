/**
 * Edits of a network experiment as the loss panel makes them (SPEC §13): a new model or new data for the
 * current runs, sent as a `load`. Runs keep their optimizer, schedule, dynamics and particles; their
 * starts go (Φ₀ is drawn again for the new shape) and a gradient noise whose covariance is a formula's
 * matrix becomes minibatches. Pure functions of the normalized experiment; nothing here talks to the lab.
 */
import type {
  Experiment,
  ExperimentInput,
  Gradient,
  Model,
  ModelOutput,
  LossInput,
  RunInput,
} from '../../../../shared/experiment/experiment';
import { GENERATED_SETS } from '../../../../shared/experiment/model-data-schema';
import { experimentInput, runInput } from '../../lib/experiment-edit';

/** A network's data as a file writes it (defaults may be left out). */
export type DataInput = NonNullable<LossInput['data']>;

/** A data choice of the picker: a generated set, a shipped real set, or the uploaded CSV. */
export const DATA_CHOICES = [...GENERATED_SETS, 'iris', 'digits', 'csv'] as const;
/** One of DATA_CHOICES. */
export type DataChoice = (typeof DATA_CHOICES)[number];

/** Each data choice's name in the picker. */
export const DATA_LABELS: Record<DataChoice, string> = {
  'two-moons': 'Two moons',
  circles: 'Circles',
  xor: 'XOR',
  spirals: 'Spirals',
  blobs: 'Blobs',
  sine: 'Sine (regression)',
  iris: 'Iris (real)',
  digits: 'Digits (real)',
  csv: 'Uploaded CSV…',
};

/** The minibatch a run gets when its old gradient estimate cannot apply to a network. */
const BATCH = 16;

/** The data a choice starts from (a CSV: every column but the last as inputs, the last as the target). */
export function dataFor(choice: DataChoice, columns: string[] = [], csv = ''): DataInput {
  if (choice === 'iris') return { dataset: 'iris', n: 120, test: 30 };
  if (choice === 'digits') return { dataset: 'digits', n: 2000, test: 500 };
  if (choice === 'csv')
    return { csv, inputs: columns.slice(0, Math.max(1, columns.length - 1)), target: columns.at(-1) ?? '', test: 0.2 };
  return { dataset: choice, n: 500, noise: choice === 'sine' ? 0.1 : 0.15, test: 250 };
}

/** Which of the choices `data` is (undefined: a formula's data). */
export function choiceOf(data: object | undefined): DataChoice | undefined {
  if (!data) return undefined;
  if ('csv' in data && 'inputs' in data) return 'csv';
  if ('dataset' in data) return data.dataset as DataChoice;
  return undefined;
}

/** The output a data choice needs: sine and a CSV with real targets regress; more than 2 classes need softmax. */
export function outputFor(choice: DataChoice, current: ModelOutput): ModelOutput {
  if (choice === 'sine') return 'linear';
  if (choice === 'blobs' || choice === 'iris' || choice === 'digits') return 'softmax';
  if (choice === 'csv') return current;
  return current === 'linear' ? 'logistic' : current;
}

/** A run's gradient on a network: a formula's covariance matrix becomes minibatches. */
function networkGradient(gradient: Gradient): Gradient {
  if (gradient.kind === 'gaussian' && gradient.cov.length !== 1) return { kind: 'minibatch', batch: BATCH };
  return gradient;
}

/** The experiment on a network `model` over `data`, with the current runs adapted (see the file's comment). */
export function withNetwork(experiment: Experiment, model: Model, data: DataInput): ExperimentInput {
  const spec = experimentInput(experiment);
  if (!experiment.loss.model) {
    delete spec.title;
    delete spec.description;
    // A formula records every particle; a network records its first (SPEC §13), as its D may be large.
    spec.record = { every: experiment.record.every };
  }
  spec.loss = { model, data };
  spec.runs = experiment.runs.map((run) => {
    const { start: _start, batchScaling, ...rest } = runInput(run);
    const gradient = networkGradient(run.gradient);
    const input: RunInput = { ...rest, gradient };
    if (batchScaling && gradient.kind !== 'exact') input.batchScaling = batchScaling;
    return input;
  });
  return spec;
}

/** A first network for an experiment that has none: two moons, one tanh layer of 8, a logistic output. */
export function firstNetwork(experiment: Experiment): ExperimentInput {
  return withNetwork(experiment, { hidden: [8], activation: 'tanh', output: 'logistic' }, dataFor('two-moons'));
}
