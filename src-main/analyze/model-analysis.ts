/**
 * The stationary analysis of a network's recording (SPEC §11, §13), D ≤ 2,000: Φ* by minimizing the
 * full training loss from the final mean (saddle-free damped Newton, shared/theory/minimize-eigen.ts,
 * with the exact Hessian from Hessian-vector products; accepted once ‖∇L‖ ≤ 10⁻⁶·max(1, ‖∇L‖ at the
 * mean)), H at Φ*, Σ the covariance of one step's ĝ there (the
 * per-example gradient covariance over the training rows ÷ B, divisor n; σ² I / B for `gaussian`;
 * 0 for `exact`), and from H's eigenbasis C̃_ij = η Σ̃_ij / (λ_i + λ_j − a λ_i λ_j) and the excess
 * ½ tr(H C) (shared/theory/eigen-stationary.ts). For D > 64 H, Σ, C and `cov` are null and the
 * theory gives H's 10 largest eigenvalues. A run without theory says why (`whyNoTheory`, for the table).
 */
import type { ModelData } from '../../shared/data/model-data';
import type { Run } from '../../shared/experiment/experiment';
import type { Recording } from '../../shared/experiment/recording';
import {
  analyzeRuns,
  FULL_MATRICES_MAX_D,
  theoryGap,
  type Analysis,
  type AnalyzeOptions,
  type RunTheory,
} from '../../shared/theory/analysis';
import { symmetricEigen } from '../../shared/theory/eigen';
import { eigenCovariance, eigenExcess, instability } from '../../shared/theory/eigen-stationary';
import { identity, scale, zeros, type Matrix } from '../../shared/theory/linalg';
import type { LossModel } from '../../shared/theory/loss-model';
import { minimizeSaddleFree } from '../../shared/theory/minimize-eigen';
import { liveParticles } from '../../shared/theory/moments';
import { modelNet } from '../engine/model/model-run';
import { modelLossModel } from './model-loss-model';

/** The largest network `analyze` takes (SPEC §13). */
export const ANALYZE_MAX_D = 2000;

/** Σ of one step's ĝ at Φ* for a network: σ² I / B (gaussian), the example covariance / B (minibatch), 0 (exact). */
function modelNoise(run: Run, model: LossModel, at: number[]): Matrix {
  const g = run.gradient;
  const D = at.length;
  if (g.kind === 'gaussian') return scale(identity(D), g.cov[0]![0]! / g.batch);
  if (g.kind === 'minibatch') return scale(model.exampleGradientCovariance(at), 1 / g.batch);
  return zeros(D);
}

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Φ* from the cloud's mean; a text saying why when the minimizer does not reach a vanishing gradient. */
export function modelMinimum(model: LossModel, mean: readonly number[]): number[] | string {
  if (!mean.every(Number.isFinite)) return 'the final mean is not finite (the run diverged)';
  const tol = 1e-6 * Math.max(1, norm(model.gradient(mean)));
  // Each step builds and diagonalizes H, O(D³); past D = 300 (about a minute a step near D = 2,000)
  // a start that 20 Newton-like steps do not bring to Φ* is taken to have no minimum near it.
  const found = minimizeSaddleFree(model, mean, { tol: 1e-4 * tol, maxIter: mean.length <= 300 ? 200 : 20 });
  if (!Number.isFinite(found.value)) return 'no minimum found near the final mean: the loss is not finite on the way';
  if (found.gradNorm > tol) {
    const away = norm(found.at.map((v, i) => v - mean[i]!));
    return (
      `no minimum found near the final mean: minimizing from it ends ${away.toPrecision(3)} away with ` +
      `|∇L| = ${found.gradNorm.toExponential(2)} (a minimum needs ≤ ${tol.toExponential(2)})`
    );
  }
  return found.at;
}

/** The theory of one run at Φ*; a text saying why when some direction of H has no stationary state. */
export function modelTheory(run: Run, eta: number, model: LossModel, at: number[]): RunTheory | string {
  const D = at.length;
  const H = model.hessian(at);
  const eig = symmetricEigen(H);
  const Sigma = modelNoise(run, model, at);
  const a = run.dynamics.type === 'langevin' ? eta / run.dynamics.substeps : eta;
  const unstable = instability(eig, a, run.dynamics.type === 'langevin' ? 'η/K' : 'η');
  if (unstable) return `at Φ*, ${unstable}`;
  const excess = eigenExcess(eig, Sigma, eta, a);
  if (excess === null) return 'no stationary state at Φ*';
  const Lstar = model.value(at);
  if (D > FULL_MATRICES_MAX_D) {
    const top = Array.from(eig.values).reverse().slice(0, 10);
    return { at, H: null, Sigma: null, C: null, excess, Lstar, eig: top };
  }
  const C = eigenCovariance(eig, Sigma, eta, a);
  return C
    ? { at, H, Sigma, C, excess, Lstar }
    : 'H is flat along a direction with gradient noise at Φ*: no stationary state';
}

/**
 * Analyzes a network's recording over its data as the engine loaded them; `recording.runs[i].final.positions`
 * must hold the particles inline (side files read by the caller). Throws past D = 2,000.
 */
export function analyzeModelRecording(recording: Recording, data: ModelData, opts: AnalyzeOptions = {}): Analysis {
  const spec = recording.spec;
  const net = modelNet(spec.loss.model!, data);
  const D = net.D;
  if (D > ANALYZE_MAX_D)
    throw new RangeError(`the network has D = ${D} weights; analyze takes at most ${ANALYZE_MAX_D}`);
  const model = modelLossModel(net, data.train);
  const clouds = recording.runs.map((rec) => liveParticles(rec.final.positions));
  return analyzeRuns(
    recording,
    D,
    clouds,
    (run, rec, eta, mean) => {
      const gap = theoryGap(run, rec);
      if (gap) return gap;
      const at = opts.at ? [...opts.at] : modelMinimum(model, mean);
      return typeof at === 'string' ? at : modelTheory(run, eta, model, at);
    },
    opts,
  );
}
