/**
 * `trace.csv` from a recording, as the page exports it: the command line's columns (`run,t,lr,loss,
 * examples,tau`, and a network's `test_loss,accuracy,test_accuracy`: the one writer of
 * `shared/experiment/trace-csv.ts`), then the ensemble at that step over the recorded particles (the
 * first `record.particles`, the same count on every row, the last step's included): `particles`
 * recorded, `live` of them finite, and for a formula per parameter p the mean `mean_p` and the
 * standard deviation `sd_p` (divisor P − 1) over the live ones, empty where not defined (no live
 * particle; fewer than two for sd). A network's Φ has D weights: it gets `particles,live` only.
 * Pure: no DOM.
 */
import { csvText } from '../../../shared/experiment/csv-cell';
import type { Recording, RunRecording } from '../../../shared/experiment/recording';
import { traceCsv as commandLineTrace, type TraceColumns } from '../../../shared/experiment/trace-csv';

/** A CSV text field: RFC 4180 quoting, a formula-like start neutralized (`shared/experiment/csv-cell.ts`). */
export const csvField = csvText;

type Point = (number | null)[];

/** The points whose first `dims` coordinates are all finite. */
function livePoints(points: Point[], dims: number): Point[] {
  return points.filter((p) => p.length >= dims && p.slice(0, dims).every((v) => v !== null && Number.isFinite(v)));
}

/** Mean and standard deviation (divisor n − 1; NaN below two) of each coordinate over the finite points. */
export function ensembleStats(points: Point[], dims: number): { live: number; mean: number[]; sd: number[] } {
  const live = livePoints(points, dims);
  const mean: number[] = [];
  const sd: number[] = [];
  for (let d = 0; d < dims; d++) {
    const xs = live.map((p) => p[d] as number);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean.push(xs.length > 0 ? m : NaN);
    sd.push(xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : NaN);
  }
  return { live: live.length, mean, sd };
}

/**
 * The recorded particles at recorded step k: `positions[k]`, never the final cloud (every particle),
 * so the last row counts as many particles as the others. A recording without positions at k takes
 * the final cloud's first particles, as many as it recorded at its first step.
 */
export function tracedPositions(run: RunRecording, k: number): Point[] {
  const recorded = run.positions[k];
  if (recorded) return recorded;
  return k === run.t.length - 1 ? run.final.positions.slice(0, run.positions[0]?.length ?? 0) : [];
}

/** A statistic's cell: empty where it is not defined (NaN), never the text `NaN`. */
const cell = (v: number) => (Number.isFinite(v) ? String(v) : '');

/** The page's columns after the command line's: the recorded ensemble at each step. */
function ensembleColumns(recording: Recording): TraceColumns {
  const model = recording.spec.loss.model !== undefined;
  const params = model ? [] : recording.spec.loss.params;
  return {
    head: ['particles', 'live', ...params.map((p) => `mean_${p}`), ...params.map((p) => `sd_${p}`)],
    row(run, k) {
      const points = tracedPositions(run, k);
      // A network's point is its whole Φ: live when every weight is finite.
      if (model) return [String(points.length), String(livePoints(points, points[0]?.length ?? 0).length)];
      const stats = ensembleStats(points, params.length);
      return [String(points.length), String(stats.live), ...stats.mean.map(cell), ...stats.sd.map(cell)];
    },
  };
}

export function traceCsv(recording: Recording): string {
  return commandLineTrace(recording, ensembleColumns(recording));
}
