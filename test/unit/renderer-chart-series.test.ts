/**
 * A network's charts (SPEC §13): which charts an experiment gets, their columns from hand-made tracks,
 * the 2/η line's values, and the measures that frames and a joining view's history put in a track.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, RunHistory } from '../../shared/contract/lab';
import type { Experiment } from '../../shared/experiment/experiment';
import { chartData, chartsFor, type TrackSeries } from '../../src-renderer/src/lib/chart-series';
import { RunTrack } from '../../src-renderer/src/lib/tracks';

const formula = { loss: { expr: 'x^2', params: ['x'] }, record: { every: 1, particles: 1 } } as unknown as Experiment;
const network = (output: string, sharpness?: boolean) =>
  ({
    loss: { expr: '', params: [], model: { hidden: [4], activation: 'tanh', output } },
    record: { every: 1, particles: 1, ...(sharpness === undefined ? {} : { sharpness }) },
  }) as unknown as Experiment;

function track(t: number[], lr: number[], more: Partial<TrackSeries> = {}): TrackSeries {
  const nan = t.map(() => NaN);
  return {
    t,
    examples: t.map((s) => 16 * s),
    tau: t.map((_, k) => lr.slice(0, k + 1).reduce((a, b) => a + b, 0)),
    loss: nan,
    lossMin: nan,
    lossMax: nan,
    lr,
    testLoss: nan,
    accuracy: nan,
    testAccuracy: nan,
    sharpness: nan,
    ...more,
  };
}

describe('chartsFor', () => {
  it('keeps a formula at loss and η, and gives a network its losses, accuracies, η and sharpness', () => {
    expect(chartsFor(formula).map((c) => c.id)).toEqual(['loss', 'lr']);
    expect(chartsFor(null).map((c) => c.id)).toEqual(['loss', 'lr']);
    expect(chartsFor(formula)[0]!.lines.map((l) => l.field)).toEqual(['loss']);
    expect(chartsFor(network('logistic', true)).map((c) => c.id)).toEqual(['loss', 'accuracy', 'lr', 'sharpness']);
    expect(chartsFor(network('softmax')).map((c) => c.id)).toEqual(['loss', 'accuracy', 'lr']);
    // A regression has no accuracy.
    expect(chartsFor(network('linear', true)).map((c) => c.id)).toEqual(['loss', 'lr', 'sharpness']);
    const [loss, accuracy, , sharpness] = chartsFor(network('logistic', true));
    expect(loss!.lines.map((l) => [l.field, !!l.dash])).toEqual([
      ['loss', false],
      ['testLoss', true],
    ]);
    expect(accuracy!.lines.map((l) => l.field)).toEqual(['accuracy', 'testAccuracy']);
    expect(accuracy!.linear).toBe(true);
    expect(sharpness!.lines.map((l) => [l.field, !!l.dash])).toEqual([
      ['sharpness', false],
      ['edge', true],
    ]);
  });
});

describe('chartData', () => {
  const [networkLoss, accuracy, , sharpness] = chartsFor(network('logistic', true));

  it("draws each run's sharpness beside its 2/η_t, on the chosen axis", () => {
    // η 0.1 then halved to 0.05: the edge 2/η goes 20 → 40. Run 1 at η = 0.5: edge 4.
    const a = track([0, 10, 20], [0.1, 0.1, 0.05], { sharpness: [2, 12, 19] });
    const b = track([0, 20], [0.5, 0.5], { sharpness: [1, 3.5] });
    const data = chartData([a, b], sharpness!, 't');
    expect(data.series.map((s) => [s.run, s.line.field])).toEqual([
      [0, 'sharpness'],
      [1, 'sharpness'],
      [0, 'edge'],
      [1, 'edge'],
    ]);
    expect(data.log).toBe(true);
    expect(data.columns).toEqual([
      [0, 10, 20],
      [2, 12, 19],
      [1, null, 3.5],
      [20, 20, 40],
      [4, null, 4],
    ]);
    // Against examples seen (16 per step) the same values stand at 16·t.
    expect(chartData([a, b], sharpness!, 'examples').columns[0]).toEqual([0, 160, 320]);
  });

  it('puts the test loss beside the training loss, then the band edges', () => {
    const a = track([0, 5], [0.1, 0.1], {
      loss: [0.7, 0.3],
      lossMin: [0.6, 0.2],
      lossMax: [0.8, 0.5],
      testLoss: [0.71, 0.4],
    });
    const data = chartData([a], networkLoss!, 't');
    expect(data.columns).toEqual([
      [0, 5],
      [0.7, 0.3],
      [0.71, 0.4],
      [0.6, 0.2],
      [0.8, 0.5],
    ]);
    expect(data.series.map((s) => s.line.label)).toEqual(['', 'test']);
  });

  it('keeps the accuracy on a linear axis, 0 included, and leaves gaps where a measure is missing', () => {
    const a = track([0, 1, 2], [0.1, 0.1, 0.1], { accuracy: [0, 0.5, 1], testAccuracy: [0, NaN, 0.9] });
    const data = chartData([a], accuracy!, 'tau');
    expect(data.log).toBe(false);
    expect(data.columns[0]!.map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 0.2, 0.3]);
    expect(data.columns.slice(1)).toEqual([
      [0, 0.5, 1],
      [0, null, 0.9],
    ]);
  });

  it('gives a formula the very columns it had: the loss, then the band edges', () => {
    const a = track([0, 1], [1, 1], { loss: [4, 1], lossMin: [3, 0.5], lossMax: [5, 2] });
    expect(chartData([a], chartsFor(formula)[0]!, 't').columns).toEqual([
      [0, 1],
      [4, 1],
      [3, 0.5],
      [5, 2],
    ]);
  });
});

describe("a track's network measures", () => {
  const frame = (t: number, model?: Frame['model']): Frame => ({
    run: 0,
    t,
    lr: 0.1,
    loss: 1 / (t + 1),
    lossMin: 0,
    lossMax: 2,
    examples: 16 * t,
    tau: 0.1 * t,
    diverged: 0,
    positions: new Float32Array(0),
    dims: 3,
    ...(model ? { model } : {}),
  });

  it("keeps each frame's measures, NaN where a frame has none", () => {
    const tr = new RunTrack();
    tr.push(frame(0, { testLoss: 0.9, accuracy: 0.5, testAccuracy: 0.4, firstLoss: 1, sharpness: 3 }));
    tr.push(frame(10, { testLoss: 0.5, accuracy: 0.8, testAccuracy: 0.7, firstLoss: 0.5 }));
    tr.push(frame(20));
    expect(tr.testLoss).toEqual([0.9, 0.5, NaN]);
    expect(tr.accuracy).toEqual([0.5, 0.8, NaN]);
    expect(tr.testAccuracy).toEqual([0.4, 0.7, NaN]);
    expect(tr.sharpness).toEqual([3, NaN, NaN]);
  });

  it("takes a joining view's history of them, before the frames that came", () => {
    const history: RunHistory = {
      t: [0, 10],
      lr: [0.1, 0.1],
      loss: [1, 0.5],
      lossMin: [1, 0.5],
      lossMax: [1, 0.5],
      examples: [0, 160],
      tau: [0, 1],
      dims: 3,
      path: [],
      model: {
        testLoss: [1.1, 0.6],
        accuracy: [0.5, 0.75],
        testAccuracy: [0.45, 0.7],
        firstLoss: [1, 0.5],
        sharpness: [2, 8],
      },
    };
    const tr = new RunTrack();
    tr.push(frame(20, { testLoss: 0.4, accuracy: 0.9, testAccuracy: 0.85, firstLoss: 0.3, sharpness: 9 }));
    tr.mergeHistory(history);
    expect(tr.t).toEqual([0, 10, 20]);
    expect(tr.testLoss).toEqual([1.1, 0.6, 0.4]);
    expect(tr.accuracy).toEqual([0.5, 0.75, 0.9]);
    expect(tr.testAccuracy).toEqual([0.45, 0.7, 0.85]);
    expect(tr.sharpness).toEqual([2, 8, 9]);
    // The charts read them: sharpness beside 2/η = 20.
    const sharp = chartsFor(network('logistic', true))[3]!;
    expect(chartData([tr], sharp, 't').columns.slice(1)).toEqual([
      [2, 8, 9],
      [20, 20, 20],
    ]);
  });

  it('keeps a history without measures (a formula) at NaN, and a snapshot copies them', () => {
    const tr = new RunTrack();
    tr.mergeHistory({
      t: [0, 1],
      lr: [1, 1],
      loss: [2, 1],
      lossMin: [2, 1],
      lossMax: [2, 1],
      examples: [0, 1],
      tau: [0, 1],
      dims: 3,
      path: [],
    });
    expect(tr.accuracy).toEqual([NaN, NaN]);
    const saved = tr.snapshot();
    tr.clearHistory();
    expect(tr.accuracy).toEqual([]);
    tr.restore(saved);
    expect(tr.accuracy).toEqual([NaN, NaN]);
    expect(tr.t).toEqual([0, 1]);
  });
});
