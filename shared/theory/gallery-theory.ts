/**
 * The predicted side of the Theory gallery's views, from the experiment alone: the loss's examples
 * regenerated from the seed (as the engine draws them), Φ*, H and the per-example gradient covariance
 * there, and per run the noise Σ of one step, the stationary covariance C, the excess ½ tr(HC), the
 * first-order slope (1/4B) E‖gᵢ − g‖², and the exact moment recursion of SGD in a quadratic basin.
 */
import { generateData } from '../data/generate';
import { learningRate } from '../schedule';
import { effectiveOptimizer, runBatch } from '../experiment/hyper';
import type { Experiment, Run } from '../experiment/experiment';
import { findMinimum } from './analysis';
import { identity, matmul, scale, trace, transpose, zeros, add, type Matrix } from './linalg';
import { lossModel, type Examples, type LossModel } from './loss-model';
import { excessLoss, stationaryCovariance } from './stationary';

/** One run's prediction. */
export interface RunPrediction {
  /** The η the run steps with at t = 1 (after batch scaling). */
  eta: number;
  batch: number;
  /** Covariance of one step's ĝ at Φ* (example covariance / B, cov / B, or 0). */
  Sigma: Matrix;
  /** Stationary covariance solving H C + C H − η H C H = η Σ (null: no constant η, or no solution). */
  C: Matrix | null;
  /** ½ tr(H C): the predicted L(η) − L(Φ*). */
  excess: number | null;
  /** (1/4B) E‖gᵢ − g‖² = tr(Σ_examples)/(4B): the slope of L(η) at η → 0 (SPEC §7). */
  slope: number;
}

/** The theory of a whole experiment at its minimum. */
export interface ExperimentTheory {
  at: number[];
  /** L(Φ*). */
  Lstar: number;
  H: Matrix;
  /** Covariance over the examples of ∇Lᵢ(Φ*), divisor n. */
  exampleCov: Matrix;
  runs: RunPrediction[];
}

/** The examples of a loss with generated data (none without data); null for data read from a CSV file. */
export function experimentExamples(experiment: Experiment): Examples | null {
  const data = experiment.loss.data;
  if (!data) return { vars: [], columns: [], n: 0 };
  if (!('vars' in data)) return null;
  return generateData(data.vars, data.n, experiment.seed);
}

/** The model of an experiment's loss over its regenerated examples (null for CSV data). */
export function experimentModel(experiment: Experiment): LossModel | null {
  const examples = experimentExamples(experiment);
  return examples ? lossModel(experiment.loss, examples) : null;
}

/** Σ of one step's ĝ for a run: the example covariance / B (minibatch), cov / B (gaussian), else 0. */
export function stepNoise(run: Run, exampleCov: Matrix): Matrix {
  const g = run.gradient;
  if (g.kind === 'gaussian') return scale(g.cov, 1 / g.batch);
  if (g.kind === 'minibatch') return scale(exampleCov, 1 / g.batch);
  return zeros(exampleCov.length);
}

/** Whether a run's η is constant (a constant schedule) and its steps are plain SGD steps. */
function constantSgd(run: Run): boolean {
  return run.schedule.type === 'constant' && run.dynamics.type === 'sgd' && run.optimizer.type === 'sgd';
}

/** The theory of an experiment at its minimum (near `near`, default the first run's start); null if none. */
export function experimentTheory(experiment: Experiment, near?: readonly number[]): ExperimentTheory | null {
  const model = experimentModel(experiment);
  if (!model) return null;
  const at = findMinimum(model, experiment, near ?? experiment.runs[0]!.start);
  if (!at) return null;
  const H = model.hessian(at);
  const exampleCov = model.exampleGradientCovariance(at);
  const runs = experiment.runs.map((run): RunPrediction => {
    const eta = effectiveOptimizer(run).lr;
    const batch = runBatch(run);
    const Sigma = stepNoise(run, exampleCov);
    let C: Matrix | null = null;
    if (constantSgd(run)) {
      try {
        C = stationaryCovariance(H, Sigma, eta);
      } catch {
        C = null;
      }
    }
    return {
      eta,
      batch,
      Sigma,
      C,
      excess: C ? excessLoss(H, C) : null,
      slope: trace(Sigma) / 4,
    };
  });
  return { at, Lstar: model.value(at), H, exampleCov, runs };
}

/** A predicted curve: the excess L − L(Φ*) at steps t. */
export interface ExcessCurve {
  t: number[];
  excess: number[];
}

/**
 * The exact first and second moments of SGD in the quadratic basin L = L* + ½ ΔᵀHΔ with gradient noise
 * of constant covariance Σ (exact for a linear-regression loss whose noise does not depend on Φ, such
 * as `quadratic-1d`): m ← (I − η_t H) m, C ← (I − η_t H) C (I − η_t H)ᵀ + η_t² Σ, and the mean excess
 * ½ tr(H (C + m mᵀ)), recorded at t = 0 and every `every` steps up to `steps`.
 */
export function momentRecursion(
  H: Matrix,
  Sigma: Matrix,
  m0: readonly number[],
  C0: Matrix,
  eta: (t: number) => number,
  steps: number,
  every = 1,
): ExcessCurve {
  const D = H.length;
  const I = identity(D);
  let m = [...m0];
  let C = C0.map((row) => [...row]);
  const excessNow = () => {
    const mm = m.map((a) => m.map((b) => a * b));
    return trace(matmul(H, add(C, mm))) / 2;
  };
  const out: ExcessCurve = { t: [0], excess: [excessNow()] };
  for (let t = 1; t <= steps; t++) {
    const e = eta(t);
    const A = add(I, scale(H, -e));
    m = A.map((row) => row.reduce((s, v, j) => s + v * m[j]!, 0));
    C = add(matmul(matmul(A, C), transpose(A)), scale(Sigma, e * e));
    if (t % every === 0 || t === steps) {
      out.t.push(t);
      out.excess.push(excessNow());
    }
  }
  return out;
}

/**
 * The predicted excess of one run of an experiment, from its start (a point, or a cloud of spread s:
 * C₀ = s² I) under its schedule, by the moment recursion; null unless its steps are plain SGD steps.
 */
export function runExcessCurve(
  experiment: Experiment,
  theory: ExperimentTheory,
  index: number,
  steps = experiment.steps,
  every = Math.max(1, Math.ceil(steps / 1000)),
): ExcessCurve | null {
  const run = experiment.runs[index]!;
  if (run.dynamics.type !== 'sgd' || run.optimizer.type !== 'sgd') return null;
  const prediction = theory.runs[index]!;
  const D = theory.at.length;
  const m0 = run.start.map((v, i) => v - theory.at[i]!);
  const C0 = scale(identity(D), run.spread ** 2);
  return momentRecursion(
    theory.H,
    prediction.Sigma,
    m0,
    C0,
    (t) => learningRate(run.schedule, prediction.eta, t),
    steps,
    every,
  );
}

/**
 * The Boltzmann distribution exp(−L/T) nearest the SGD cloud: the covariance T H⁻¹ with the temperature
 * T = tr(HC)/D that gives it the same mean excess loss ½ tr(HC) (D/2 · T for a Gaussian). In one
 * dimension it is the cloud itself; in two it is, only when Σ ∝ H (SPEC §7).
 */
export function boltzmannCovariance(H: Matrix, C: Matrix): { T: number; cov: Matrix } {
  const D = H.length;
  const T = trace(matmul(H, C)) / D;
  const Hinv = D === 1 ? [[1 / H[0]![0]!]] : inverse2(H);
  return { T, cov: scale(Hinv, T) };
}

function inverse2(m: Matrix): Matrix {
  const [a, b, c, d] = [m[0]![0]!, m[0]![1]!, m[1]![0]!, m[1]![1]!];
  const det = a * d - b * c;
  return [
    [d / det, -b / det],
    [-c / det, a / det],
  ];
}

/** A density on a grid of x values. */
export interface GridDensity {
  x: number[];
  density: number[];
  /** Its mean and variance. */
  mean: number;
  variance: number;
}

/**
 * The Boltzmann density exp(−L(x)/T)/Z on [lo, hi] (n intervals, Z by the trapezoid rule): the
 * stationary law of 1-D Langevin dynamics with constant noise σ², T = ησ²/2 (the notes: in one
 * dimension the stationary distribution is a Boltzmann distribution).
 */
export function boltzmannDensity1d(
  loss: (x: number) => number,
  T: number,
  lo: number,
  hi: number,
  n = 400,
): GridDensity {
  const x = Array.from({ length: n + 1 }, (_, k) => lo + ((hi - lo) * k) / n);
  const L = x.map(loss);
  const Lmin = Math.min(...L.filter(Number.isFinite));
  const w = L.map((l) => (Number.isFinite(l) ? Math.exp(-(l - Lmin) / T) : 0));
  const h = (hi - lo) / n;
  const integrate = (f: number[]) => f.reduce((s, v, k) => s + (k === 0 || k === n ? v / 2 : v), 0) * h;
  const Z = integrate(w);
  const density = w.map((v) => v / Z);
  const mean = integrate(density.map((p, k) => p * x[k]!));
  const variance = integrate(density.map((p, k) => p * (x[k]! - mean) ** 2));
  return { x, density, mean, variance };
}
