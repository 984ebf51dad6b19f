/**
 * Which charts the view draws and what each holds, per run, against a time axis. A formula gets the
 * loss (with each run's band from its best to its worst particle) and η. A network (SPEC §13) gets
 * training and test loss, training and test accuracy, η and, when `record.sharpness` is on, the
 * sharpness λ_max(∇²L) beside each run's 2/η_t: the "edge of stability" (Cohen et al. 2021) — under
 * full-batch gradient descent with a constant η the sharpness rises to about 2/η and hovers there,
 * since a quadratic direction of curvature λ is stable under Φ ← Φ − η λ Φ only while λ < 2/η.
 * Pure functions of the runs' tracks; no DOM.
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import { canLog, joinRuns, type Columns } from './chart-data';
import type { ModelField, RunTrack } from './tracks';

export type TimeAxis = 't' | 'examples' | 'tau';

/** A line a chart draws for every run: a track's series, or `edge`, the run's 2/η_t. */
export type LineField = 'loss' | 'lr' | ModelField | 'edge';

export interface ChartLine {
  field: LineField;
  /** Added to the run's name in the readout ('' for the chart's main line). */
  label: string;
  /** Drawn dashed (the test set's line, the 2/η line). */
  dash?: boolean;
}

export interface ChartSpec {
  /** Names the chart on the page: `${id}-chart`, `${id}-readout`. */
  id: string;
  title: string;
  lines: ChartLine[];
  /** Each run's band between its best and its worst particle's loss (around the first line). */
  band?: boolean;
  /** Never a log axis (an accuracy lies in [0, 1]). */
  linear?: boolean;
}

const LOSS: ChartSpec = { id: 'loss', title: 'loss', lines: [{ field: 'loss', label: '' }], band: true };
const LR: ChartSpec = { id: 'lr', title: 'η', lines: [{ field: 'lr', label: '' }] };
const NETWORK_LOSS: ChartSpec = {
  ...LOSS,
  title: 'loss · test dashed',
  lines: [LOSS.lines[0]!, { field: 'testLoss', label: 'test', dash: true }],
};
const ACCURACY: ChartSpec = {
  id: 'accuracy',
  title: 'accuracy · test dashed',
  lines: [
    { field: 'accuracy', label: '' },
    { field: 'testAccuracy', label: 'test', dash: true },
  ],
  linear: true,
};
const SHARPNESS: ChartSpec = {
  id: 'sharpness',
  title: 'sharpness · 2/η dashed',
  lines: [
    { field: 'sharpness', label: '' },
    { field: 'edge', label: '2/η', dash: true },
  ],
};

/**
 * The charts for an experiment: loss and η for a formula; for a network its losses, its accuracies
 * (not for a regression, which has none), η, and the sharpness when it is recorded.
 */
export function chartsFor(experiment: Experiment | null): ChartSpec[] {
  const model = experiment?.loss.model;
  if (!model) return [LOSS, LR];
  return [
    NETWORK_LOSS,
    ...(model.output === 'linear' ? [] : [ACCURACY]),
    LR,
    ...(experiment.record.sharpness ? [SHARPNESS] : []),
  ];
}

/** What a chart reads of a track. */
export type TrackSeries = Pick<RunTrack, 't' | 'examples' | 'tau' | 'loss' | 'lossMin' | 'lossMax' | 'lr' | ModelField>;

/** A line's values along a track: `edge` is 2/η_t (the stability threshold of a step with η_t). */
export function lineValues(track: TrackSeries, field: LineField): number[] {
  return field === 'edge' ? track.lr.map((lr) => 2 / lr) : track[field];
}

/** One drawn series: which run and which of the chart's lines. */
export interface SeriesInfo {
  run: number;
  line: ChartLine;
}

export interface ChartData {
  /** [x, the lines (line by line, run by run), then with `band` each run's lows, then its highs]. */
  columns: Columns;
  /** The drawn series in the columns' order after x (the band's edges not included). */
  series: SeriesInfo[];
  log: boolean;
}

/** A chart's columns over the runs' tracks (see `joinRuns`: one shared x, gaps where a run has no point). */
export function chartData(tracks: readonly TrackSeries[], chart: ChartSpec, axis: TimeAxis): ChartData {
  const xs = tracks.map((tr) => tr[axis]);
  const series = chart.lines.flatMap((line) => tracks.map((_, run) => ({ run, line })));
  const ys = series.map((s) => lineValues(tracks[s.run]!, s.line.field));
  const lows = chart.band ? tracks.map((tr) => tr.lossMin) : [];
  const highs = chart.band ? tracks.map((tr) => tr.lossMax) : [];
  const log = !chart.linear && canLog([...ys, ...lows]);
  const lineXs = series.map((s) => xs[s.run]!);
  const bandXs = chart.band ? xs : [];
  const columns = joinRuns([...lineXs, ...bandXs, ...bandXs], [...ys, ...lows, ...highs], log);
  return { columns, series, log };
}
