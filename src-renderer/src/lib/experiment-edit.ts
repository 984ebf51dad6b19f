/**
 * Edits of the current experiment, as the view makes them: a run with one field changed (sent as a
 * hot `updateRun`), a new loss (sent as a `load`, with the runs adapted to it), the file to save.
 * Pure functions of the normalized experiment; nothing here talks to the lab.
 */
import { findPreset } from '../../../shared/losses/presets';
import { switchedOptimizer } from '../../../shared/optim/editor';
import { suggestedRuns } from './preset-runs';
import type {
  Experiment,
  ExperimentInput,
  Gradient,
  LossInput,
  OptimizerInput,
  OptimizerType,
  Run,
  RunInput,
} from '../../../shared/experiment/experiment';

/** A deep copy of a normalized run, as input for `updateRun` / `addRun`. */
export function runInput(run: Run): RunInput {
  return JSON.parse(JSON.stringify(run)) as RunInput;
}

/** Sensible settings when a run switches optimizer (from the optimizer table): the step is kept. */
export function optimizerOfType(type: OptimizerType, lr: number): OptimizerInput {
  return switchedOptimizer(type, lr) as OptimizerInput;
}

/** The number of parameters of a loss input. */
function lossDims(loss: LossInput): number {
  if (loss.params) return loss.params.length;
  if (loss.preset) return findPreset(loss.preset)?.params.length ?? 2;
  return 2;
}

function identity(d: number, scale: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? scale : 0)));
}

/** Adapts a run's gradient estimate to a new loss: a minibatch needs data, a covariance the right size. */
function adaptGradient(gradient: Gradient, dims: number, hasData: boolean): Gradient {
  if (gradient.kind === 'minibatch' && !hasData)
    return { kind: 'gaussian', batch: gradient.batch, cov: identity(dims, 1) };
  if (gradient.kind === 'gaussian' && gradient.cov.length !== dims)
    return { kind: 'gaussian', batch: gradient.batch, cov: identity(dims, gradient.cov[0]?.[0] ?? 1) };
  return gradient;
}

/**
 * The experiment with another loss; starts move to `start`, else the preset's start, else the domain's
 * center, when they are not kept (or do not fit).
 */
export function withLoss(
  experiment: Experiment,
  loss: LossInput,
  keepStarts: boolean,
  start?: number[],
): ExperimentInput {
  const dims = lossDims(loss);
  const preset = loss.preset ? findPreset(loss.preset) : undefined;
  const domain = loss.domain ?? preset?.domain ?? Array.from({ length: dims }, (): [number, number] => [-2, 2]);
  const center = domain.map(([lo, hi]) => (lo + hi) / 2);
  const hasData = loss.data !== undefined || preset?.data !== undefined;
  const spec = experimentInput(experiment);
  // The title and description told the old loss's story.
  delete spec.title;
  delete spec.description;
  spec.loss = loss;
  spec.runs = experiment.runs.map((run) => {
    const from = keepStarts && run.start.length === dims ? run.start : (start ?? preset?.start ?? center);
    const gradient = adaptGradient(run.gradient, dims, hasData);
    const { batchScaling: _drop, ...rest } = runInput(run);
    const input: RunInput = { ...rest, start: from, gradient };
    if (run.batchScaling && gradient.kind !== 'exact') input.batchScaling = run.batchScaling;
    return input;
  });
  return spec;
}

/** The experiment on a preset's loss with the runs it suggests (each from its start), if it has any. */
export function withPreset(experiment: Experiment, name: string): ExperimentInput {
  const spec = withLoss(experiment, { preset: name }, false);
  const start = findPreset(name)?.start;
  const runs = suggestedRuns(name);
  if (runs.length > 0) spec.runs = runs.map((run) => ({ ...(start ? { start: [...start] } : {}), ...run }));
  return spec;
}

/** The experiment as a file a user would write: a preset stays a preset. */
export function experimentInput(experiment: Experiment): ExperimentInput {
  const copy = JSON.parse(JSON.stringify(experiment)) as Experiment;
  const { loss } = copy;
  const preset = loss.preset ? findPreset(loss.preset) : undefined;
  let lossInput: LossInput;
  if (loss.model) lossInput = { model: loss.model, ...(loss.data ? { data: loss.data } : {}) };
  else if (preset) {
    lossInput = { preset: preset.name };
    if (JSON.stringify(loss.domain) !== JSON.stringify(preset.domain)) lossInput.domain = loss.domain;
    if (JSON.stringify(loss.params) !== JSON.stringify(preset.params)) lossInput.params = loss.params;
    if (JSON.stringify(loss.data) !== JSON.stringify(preset.data) && loss.data) lossInput.data = loss.data;
  } else {
    lossInput = { expr: loss.expr, params: loss.params, domain: loss.domain };
    if (loss.data) lossInput.data = loss.data;
  }
  return { ...copy, loss: lossInput, runs: copy.runs.map((r) => r as RunInput) };
}

/** A new run for "Add run": plain SGD from the first run's start. */
export function newRun(experiment: Experiment): RunInput {
  const first = experiment.runs[0];
  const taken = new Set(experiment.runs.map((r) => r.name));
  let k = experiment.runs.length + 1;
  while (taken.has(`Run ${k}`)) k++;
  return {
    name: `Run ${k}`,
    optimizer: optimizerOfType('momentum', 0.001),
    ...(first ? { start: [...first.start] } : {}),
  };
}
