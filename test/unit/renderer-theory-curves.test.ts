/** The loss-curve view's computations (src-renderer/src/theory/curves.ts) against hand-made curves and a gallery experiment. */
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../shared/experiment/validate';
import { findGalleryEntry } from '../../shared/theory/gallery';
import {
  axisEnd,
  clipCurve,
  endValue,
  gapToFlow,
  logDomain,
  predictedX,
  predictionSteps,
  verdictMark,
} from '../../src-renderer/src/theory/curves';

function galleryExperiment(id: string) {
  const r = validateExperiment(findGalleryEntry(id)!.experiment);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.experiment;
}

describe('the time axis', () => {
  it('the plot ends where the shortest run ends: steps, steps·B, or η·steps', () => {
    const e = galleryExperiment('gradient-flow');
    const lrs = e.runs.map((r) => r.optimizer.lr);
    const batches = e.runs.map((_, i) => i + 1);
    expect(axisEnd(e, batches, 't')).toBe(e.steps);
    expect(axisEnd(e, batches, 'examples')).toBe(e.steps);
    expect(
      axisEnd(
        e,
        batches.map((b) => b + 1),
        'examples',
      ),
    ).toBe(2 * e.steps);
    expect(axisEnd(e, batches, 'tau')).toBe(Math.min(...lrs) * e.steps);
  });

  it('a prediction covers every step, or on the examples axis the steps up to the end; its x is t or t·B', () => {
    expect(predictionSteps(1000, 4, 't', 50)).toBe(1000);
    expect(predictionSteps(1000, 4, 'examples', 50)).toBe(13);
    expect(predictionSteps(10, 4, 'examples', 4000)).toBe(10);
    expect(predictedX([0, 1, 2], 4, 'examples')).toEqual([0, 4, 8]);
    expect(predictedX([0, 1, 2], 4, 't')).toEqual([0, 1, 2]);
  });
});

describe('curves on the plot', () => {
  it('a curve keeps its points up to the first one past the end, that one included', () => {
    const c = { x: [0, 1, 2, 3, 4], y: [5, 6, 7, 8, 9] };
    expect(clipCurve(c, 2.5)).toEqual({ x: [0, 1, 2, 3], y: [5, 6, 7, 8] });
    expect(clipCurve(c, 4)).toBe(c);
  });

  it('the log domain: positive finite y up to the end and of the predictions, widened 1.5×, at most 7 decades', () => {
    const measured = [{ x: [0, 1, 2], y: [0.1, -1, 100] }];
    const [lo, hi] = logDomain(measured, [null, { x: [0, 9], y: [0.01, NaN] }], 1);
    expect(lo).toBeCloseTo(0.01 / 1.5, 15);
    expect(hi).toBeCloseTo(0.1 * 1.5, 15);
    const [deepLo, deepHi] = logDomain([{ x: [0, 1], y: [1e-12, 1] }], [], 1);
    expect(deepLo).toBeCloseTo(1e-7 / 1.5, 20);
    expect(deepHi).toBe(1.5);
    expect(logDomain([{ x: [], y: [] }], [], 1)).toEqual([1e-3 / 1.5, 1.5]);
  });

  it('a run’s end: its last point at or before the end, the prediction at the last step at or before it', () => {
    const s = { x: [0, 10, 20, 30], y: [4, 3, 2, 1] };
    const p = { x: [0, 5, 15, 25], y: [40, 30, 20, 10] };
    expect(endValue(s, p, 25)).toEqual({ t: 20, measured: 2, predicted: 20 });
    expect(endValue(s, null, 100)).toEqual({ t: 30, measured: 1, predicted: NaN });
    const none = endValue({ x: [], y: [] }, p, 25);
    expect([none.t, none.measured, none.predicted]).toEqual([NaN, NaN, NaN]);
  });

  it('the gap to the flow: the flow interpolated, the largest gap or the last one, within both curves and the end', () => {
    const flow = { x: [0, 2, 4], y: [4, 2, 0] };
    const sgd = { x: [0, 1, 3, 5], y: [4, 3.5, 1, 7] };
    // At x = 1 the flow is 3 (gap 0.5), at 3 it is 1 (gap 0); x = 5 lies past the flow's end.
    expect(gapToFlow(sgd, flow, 10)).toBeCloseTo(0.5, 15);
    expect(gapToFlow(sgd, flow, 10, true)).toBeCloseTo(0, 15);
    expect(gapToFlow(sgd, flow, 2)).toBeCloseTo(0.5, 15);
    expect(gapToFlow({ x: [], y: [] }, flow, 10)).toBeNaN();
  });

  it('a theorem condition’s mark', () => {
    expect([true, false, 'unknown'].map((v) => verdictMark(v as boolean | 'unknown'))).toEqual(['✓', '✗', '?']);
  });
});
