/**
 * The loss-curve view's computations (pure): where the plot ends on its time axis, a prediction's
 * steps and x, a curve clipped at the end, the log range of what is drawn, a run's last value beside
 * the prediction there, its gap to the gradient-flow run, and a theorem condition's mark.
 */
import type { Verdict } from '../../../shared/schedule';
import type { Experiment } from '../../../shared/experiment/experiment';

/** The time axis of the curves: steps, examples seen t·B, or τ = Σ η. */
export type CurvesAxis = 't' | 'examples' | 'tau';

/** One curve: its points' x on the time axis and y. */
export interface Curve {
  x: number[];
  y: number[];
}

/** Each axis's title. */
export const AXIS_LABEL = { t: 'step t', examples: 'examples seen t·B', tau: 'τ = Σ ηₛ' } as const;

/** The axis's last value each run reaches at the end; the least of them (the plot stops where the shortest run ends). */
export function axisEnd(experiment: Experiment, batches: readonly number[], axis: CurvesAxis): number {
  return Math.min(
    ...experiment.runs.map((run, i) =>
      axis === 't'
        ? experiment.steps
        : axis === 'examples'
          ? experiment.steps * batches[i]!
          : run.optimizer.lr * experiment.steps,
    ),
  );
}

/** How many steps a prediction covers: all, or on the examples axis those up to the plot's end. */
export function predictionSteps(steps: number, batch: number, axis: CurvesAxis, xEnd: number): number {
  return axis === 'examples' ? Math.min(steps, Math.ceil(xEnd / batch)) : steps;
}

/** A prediction's steps t on the axis (t·B on the examples axis). */
export function predictedX(t: number[], batch: number, axis: CurvesAxis): number[] {
  if (axis === 'examples') return t.map((s) => s * batch);
  return t;
}

/** A curve up to and with its first point past xEnd (so its line reaches the plot's edge). */
export function clipCurve(c: Curve, xEnd: number): Curve {
  const n = c.x.findIndex((v) => v > xEnd * 1.0001);
  return n < 0 ? c : { x: c.x.slice(0, n + 1), y: c.y.slice(0, n + 1) };
}

/**
 * The log axis's domain: the positive finite y of the measured curves up to xEnd and of the
 * predictions (all), widened by 1.5 each way and at most 7 decades below the top ([1e-3, 1] without any).
 */
export function logDomain(measured: Curve[], predicted: (Curve | null)[], xEnd: number): [number, number] {
  let lo = Infinity;
  let hi = 0;
  const see = (y: number) => {
    if (Number.isFinite(y) && y > 0) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  };
  measured.forEach((s) => s.y.forEach((y, k) => (s.x[k]! <= xEnd ? see(y) : undefined)));
  predicted.forEach((p) => p?.y.forEach(see));
  if (!(hi > 0)) [lo, hi] = [1e-3, 1];
  lo = Math.max(lo, hi * 1e-7);
  return [lo / 1.5, hi * 1.5];
}

/** A run's latest measured point at or before the plot's end, and the prediction at that x. */
export interface EndValue {
  t: number;
  measured: number;
  predicted: number;
}

export function endValue(s: Curve, prediction: Curve | null, xEnd: number): EndValue {
  let k = s.x.length - 1;
  while (k > 0 && s.x[k]! > xEnd) k--;
  const measured = k >= 0 ? s.y[k]! : NaN;
  const xAt = k >= 0 ? s.x[k]! : NaN;
  let predicted = NaN;
  if (prediction && Number.isFinite(xAt)) {
    const px = prediction.x;
    let j = 0;
    while (j + 1 < px.length && px[j + 1]! <= xAt) j++;
    predicted = prediction.y[j]!;
  }
  return { t: xAt, measured, predicted };
}

/**
 * The largest |L_SGD(τ) − L_flow(τ)| over the plotted τ (the flow interpolated linearly), or the last
 * one (`end`): the gap that remains, which shrinks in proportion to η. NaN for a run without points.
 */
export function gapToFlow(s: Curve, flow: Curve, xEnd: number, end = false): number {
  const f = flow;
  let worst = 0;
  let j = 0;
  for (let k = 0; k < s.x.length; k++) {
    const x = s.x[k]!;
    if (x > xEnd || x > (f.x[f.x.length - 1] ?? -1)) break;
    while (j + 1 < f.x.length && f.x[j + 1]! < x) j++;
    const [x0, x1, y0, y1] = [f.x[j]!, f.x[j + 1] ?? f.x[j]!, f.y[j]!, f.y[j + 1] ?? f.y[j]!];
    const yf = x1 > x0 ? y0 + ((y1 - y0) * (x - x0)) / (x1 - x0) : y0;
    worst = end ? Math.abs(s.y[k]! - yf) : Math.max(worst, Math.abs(s.y[k]! - yf));
  }
  return s.x.length ? worst : NaN;
}

/** A theorem condition's mark: ✓ met, ✗ not, ? unknown. */
export function verdictMark(v: Verdict): string {
  return v === true ? '✓' : v === false ? '✗' : '?';
}
