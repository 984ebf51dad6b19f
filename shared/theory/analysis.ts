/**
 * The stationary analysis of a recording (`analysis.json`, SPEC §11): per run the measured moments
 * of the final cloud and L(η), the theory at a minimum Φ* (H, Σ, C, ½ tr(HC), L(Φ*)), and the
 * Richardson extrapolation 2 L(η/2) − L(η) where a run at half the η exists.
 */
import { findPreset } from '../losses/presets';
import { effectiveOptimizer, runBatch } from '../experiment/hyper';
import type { Experiment, Run } from '../experiment/experiment';
import type { Recording, RunRecording } from '../experiment/recording';
import { canonicalJson } from './canonical';
import { scale, zeros, type Matrix } from './linalg';
import { lossModel, type Examples, type LossModel } from './loss-model';
import { minimizeFrom } from './minimize';
import { defaultBurnIn, liveParticles, sampleCovariance, sampleMean, stationaryLoss } from './moments';
import { excessLoss, richardson, stationaryCovariance } from './stationary';

export const ANALYSIS_FORMAT = 'sgd-lab/analysis';
export const ANALYSIS_VERSION = 1;

/** The theory of one run at its minimum Φ* (a network with D > 64: no H, Σ or C, and H's top eigenvalues). */
export interface RunTheory {
  at: number[];
  H: Matrix | null;
  Sigma: Matrix | null;
  C: Matrix | null;
  /** A network with D > 64 (SPEC §13): the 10 largest eigenvalues of H, largest first. */
  eig?: number[];
  /** ½ tr(H C), the predicted L(η) − L(Φ*). */
  excess: number;
  Lstar: number;
}

/** One run's analysis (numbers that are undefined — a single particle's covariance — are NaN, null in JSON). */
export interface RunAnalysis {
  name: string;
  /** The η the run stepped with (after batch scaling). */
  eta: number;
  batch: number;
  burnIn: number;
  mean: number[];
  /** Null for a network with D > 64 (SPEC §13). */
  cov: Matrix | null;
  L: { value: number; stderr: number };
  theory: RunTheory | null;
  richardson: number | null;
}

export interface Analysis {
  format: typeof ANALYSIS_FORMAT;
  version: typeof ANALYSIS_VERSION;
  runs: RunAnalysis[];
}

export interface AnalyzeOptions {
  /** Recorded steps t < burnIn are left out of L (default: half the steps). */
  burnIn?: number;
  /** Φ* given by the user, used as is. */
  at?: number[];
}

const dist2 = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0);

/**
 * Φ*: `--at` as given; else the preset's known minimum nearest the cloud, polished by Newton steps on
 * the loss as loaded (a data preset's exact minimum differs from its nominal one by the sample);
 * else the loss minimized from the final mean. Null when no minimum is found.
 */
export function findMinimum(
  model: LossModel,
  experiment: Experiment,
  mean: readonly number[],
  at?: readonly number[],
): number[] | null {
  if (at) return [...at];
  const D = model.params.length;
  const finiteMean = mean.every(Number.isFinite);
  const preset = experiment.loss.preset ? findPreset(experiment.loss.preset) : undefined;
  const minima = preset && preset.params.length === D ? preset.minima : [];
  if (minima.length > 0) {
    const nominal = finiteMean ? minima.reduce((b, m) => (dist2(m, mean) < dist2(b, mean) ? m : b)) : minima[0]!;
    const polished = minimizeFrom(model, nominal);
    return polished.value <= model.value(nominal) ? polished.at : [...nominal];
  }
  if (!finiteMean) return null;
  const g0 = Math.sqrt(model.gradient(mean).reduce((s, v) => s + v * v, 0));
  const found = minimizeFrom(model, mean);
  return Number.isFinite(found.value) && found.gradNorm <= 1e-6 * Math.max(1, g0) ? found.at : null;
}

/**
 * Why the theory does not apply to a run (null when it does): it needs a constant η and SGD steps (the
 * `sgd` optimizer) or Langevin dynamics.
 */
export function theoryGap(run: Run, rec: RunRecording): string | null {
  const other = rec.lr.find((v) => v !== rec.lr[0]);
  if (other !== undefined) return `η is not constant (${rec.lr[0]} at the first recorded step, ${other} later)`;
  if (run.dynamics.type === 'langevin') return null;
  if (run.dynamics.type !== 'sgd')
    return `the dynamics are ${run.dynamics.type}; the theory is for SGD steps or Langevin dynamics`;
  if (run.optimizer.type !== 'sgd')
    return `the optimizer is ${run.optimizer.type}, not sgd; the theory is for SGD steps or Langevin dynamics`;
  return null;
}

/** Whether the theory applies: a constant η and SGD steps (the `sgd` optimizer) or Langevin dynamics. */
export function theoryApplies(run: Run, rec: RunRecording): boolean {
  return theoryGap(run, rec) === null;
}

/** Why a run has no theory, for the printed table (analysis.json, SPEC §11, has no field for it). */
const missingTheory = new WeakMap<RunAnalysis, string>();

/** Why `run` (an `analyzeRuns` result) has `theory: null`, when its analysis said. */
export function whyNoTheory(run: RunAnalysis): string | undefined {
  return missingTheory.get(run);
}

/** Σ, the covariance of one step's ĝ at Φ*: cov/B (gaussian), the example covariance/B (minibatch), 0 (exact). */
function gradientNoise(run: Run, model: LossModel, at: number[]): Matrix {
  const g = run.gradient;
  const D = at.length;
  if (g.kind === 'gaussian') return scale(g.cov, 1 / g.batch);
  if (g.kind === 'minibatch') return scale(model.exampleGradientCovariance(at), 1 / g.batch);
  return zeros(D);
}

function runTheory(run: Run, eta: number, model: LossModel, at: number[]): RunTheory | null {
  const H = model.hessian(at);
  const Sigma = gradientNoise(run, model, at);
  const a = run.dynamics.type === 'langevin' ? eta / run.dynamics.substeps : eta;
  let C: Matrix;
  try {
    C = stationaryCovariance(H, Sigma, eta, a);
  } catch {
    return null;
  }
  return { at, H, Sigma, C, excess: excessLoss(H, C), Lstar: model.value(at) };
}

/** Every setting of a run but its name and η, as one text. */
function settingsKey(run: Run): string {
  const { name: _n, optimizer, ...rest } = run;
  const { lr: _lr, ...opt } = optimizer;
  return canonicalJson({ ...rest, optimizer: opt });
}

/** For each run, the index of a run with the same settings and half its η (or −1). */
function halfPartners(runs: readonly Run[]): number[] {
  const keys = runs.map(settingsKey);
  return runs.map((run, i) => {
    const target = run.optimizer.lr / 2;
    return runs.findIndex(
      (other, j) => j !== i && keys[j] === keys[i] && Math.abs(other.optimizer.lr - target) <= 1e-12 * target,
    );
  });
}

/** The largest D for which `cov`, H, Σ and C are written out (SPEC §13). */
export const FULL_MATRICES_MAX_D = 64;

/**
 * Analyzes a recording's runs over D parameters: `clouds[i]` run i's live final particles, `theoryOf`
 * the theory of a run at its η from its cloud's mean, or why there is none (a text, or null).
 */
export function analyzeRuns(
  recording: Recording,
  D: number,
  clouds: readonly number[][][],
  theoryOf: (run: Run, rec: RunRecording, eta: number, mean: number[]) => RunTheory | string | null,
  opts: AnalyzeOptions = {},
): Analysis {
  const experiment = recording.spec;
  const burnIn = opts.burnIn ?? defaultBurnIn(experiment.steps);
  const runs: RunAnalysis[] = recording.runs.map((rec, i) => {
    const run = experiment.runs[i]!;
    const eta = effectiveOptimizer(run).lr;
    const cloud = clouds[i]!;
    const mean = sampleMean(cloud, D);
    const L = stationaryLoss(rec.t, rec.loss, burnIn);
    const theory = theoryOf(run, rec, eta, mean);
    const out: RunAnalysis = {
      name: rec.name,
      eta,
      batch: runBatch(run),
      burnIn,
      mean,
      cov: D <= FULL_MATRICES_MAX_D ? sampleCovariance(cloud, D) : null,
      L: { value: L.value, stderr: L.stderr },
      theory: typeof theory === 'string' ? null : theory,
      richardson: null,
    };
    if (typeof theory === 'string') missingTheory.set(out, theory);
    return out;
  });

  halfPartners(experiment.runs).forEach((j, i) => {
    if (j < 0) return;
    const value = richardson(runs[j]!.L.value, runs[i]!.L.value);
    runs[i]!.richardson = Number.isFinite(value) ? value : null;
  });
  return { format: ANALYSIS_FORMAT, version: ANALYSIS_VERSION, runs };
}

/** Analyzes a formula loss's recording; `examples` are the loss's data as the engine loaded them. */
export function analyzeRecording(recording: Recording, examples: Examples, opts: AnalyzeOptions = {}): Analysis {
  const experiment = recording.spec;
  const D = experiment.loss.params.length;
  let model: LossModel | undefined;
  const getModel = () => (model ??= lossModel(experiment.loss, examples));
  const clouds = recording.runs.map((rec) => liveParticles(rec.final.positions));
  return analyzeRuns(
    recording,
    D,
    clouds,
    (run, rec, eta, mean) => {
      const gap = theoryGap(run, rec);
      if (gap) return gap;
      const at = findMinimum(getModel(), experiment, mean, opts.at);
      if (!at) return 'no minimum found near the final mean';
      return runTheory(run, eta, getModel(), at) ?? 'H C + C H − η H C H = η Σ has no solution at Φ*';
    },
    opts,
  );
}
