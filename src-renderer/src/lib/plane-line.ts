/**
 * The 1-D interpolation between two runs' ends (`interpolate`: L((1 − s)·Φ_a + s·Φ_b) at s ∈
 * [−0.25, 1.25]) as the chart draws it: the barrier that says whether the two minima are connected,
 * and the curves' SVG points. Pure code.
 */
import type { LossLine } from '../../../shared/contract/network';

/**
 * The loss barrier between the ends (Frankle et al. 2020): the largest excess of L(s) over the
 * straight line between the ends' losses, max over s ∈ [0, 1] of L(s) − ((1 − s)·L(0) + s·L(1)),
 * with L(0) and L(1) the line's values nearest s = 0 and 1. About 0 (or below): linearly connected.
 * NaN when the line has no point in [0, 1].
 */
export function lossBarrier(line: Pick<LossLine, 's' | 'loss'>): number {
  const nearest = (target: number) =>
    line.s.reduce((best, s, i) => (Math.abs(s - target) < Math.abs(line.s[best]! - target) ? i : best), 0);
  const [i0, i1] = [nearest(0), nearest(1)];
  const [l0, l1] = [line.loss[i0]!, line.loss[i1]!];
  let barrier = NaN;
  for (let i = i0; i <= i1; i++) {
    const s = line.s[i]!;
    const excess = line.loss[i]! - ((1 - s) * l0 + s * l1);
    if (!(excess <= barrier)) barrier = Number.isNaN(barrier) ? excess : Math.max(barrier, excess);
  }
  return barrier;
}

/** Points of the interpolation line: s = −0.25 + 0.025·i, so the ends (i = 10, 50) and s = ½ are among them. */
export const LINE_POINTS = 61;

/** The line's loss at `s` exactly (one of its points: s = 0, ½ and 1 are, with 61 points), else NaN. */
export function lossAt(line: Pick<LossLine, 's' | 'loss'>, s: number): number {
  const i = line.s.findIndex((v) => Math.abs(v - s) < 1e-9);
  return i < 0 ? NaN : line.loss[i]!;
}

/** The chart's box: x over s, y over the loss (both curves' finite values), in a w × h picture. */
export interface LineScale {
  x(s: number): number;
  y(loss: number): number;
  min: number;
  max: number;
}

/** Scales the line into a `width` × `height` picture with `pad` pixels around (y up). */
export function lineScale(line: LossLine, width: number, height: number, pad: number): LineScale {
  const values = [...line.loss, ...(line.testLoss ?? [])].filter(Number.isFinite);
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const span = max > min ? max - min : 1;
  const [s0, s1] = [line.s[0] ?? 0, line.s.at(-1) ?? 1];
  return {
    x: (s) => pad + ((s - s0) / (s1 - s0 || 1)) * (width - 2 * pad),
    y: (loss) => height - pad - ((loss - min) / span) * (height - 2 * pad),
    min,
    max,
  };
}

/** An SVG polyline's points for `values` at `s` (non-finite values left out). */
export function polyline(s: readonly number[], values: readonly number[], scale: LineScale): string {
  return s
    .flatMap((v, i) =>
      Number.isFinite(values[i]) ? [`${scale.x(v).toFixed(1)},${scale.y(values[i]!).toFixed(1)}`] : [],
    )
    .join(' ');
}
