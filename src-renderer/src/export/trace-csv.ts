/**
 * `trace.csv` from a recording: one row per run and recorded step. The first columns are the command
 * line's (`run,t,lr,loss,examples,tau`, SPEC §10, written the same way); then the ensemble at that
 * step: `particles` recorded, `live` of them finite, and per parameter p the mean `mean_p` and the
 * standard deviation `sd_p` (divisor P − 1) over the live ones. The last step is the final cloud
 * (every particle). Pure: no DOM.
 */
import { recordedPositions } from '../../../shared/contract/replay';
import { csvText } from '../../../shared/experiment/csv-cell';
import type { Recording } from '../../../shared/experiment/recording';

/** A CSV text field: RFC 4180 quoting, a formula-like start neutralized (`shared/experiment/csv-cell.ts`). */
export const csvField = csvText;

/** Mean and standard deviation (divisor n − 1; NaN below two) of each coordinate over the finite points. */
export function ensembleStats(
  points: (number | null)[][],
  dims: number,
): { live: number; mean: number[]; sd: number[] } {
  const live = points.filter(
    (p) => p.length >= dims && p.slice(0, dims).every((v) => v !== null && Number.isFinite(v)),
  );
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

export function traceCsv(recording: Recording): string {
  const params = recording.spec.loss.params;
  const dims = params.length;
  const head = ['run', 't', 'lr', 'loss', 'examples', 'tau', 'particles', 'live'];
  for (const p of params) head.push(`mean_${p}`);
  for (const p of params) head.push(`sd_${p}`);
  const lines = [head.map(csvField).join(',')];
  for (const run of recording.runs) {
    const name = csvField(run.name);
    run.t.forEach((t, k) => {
      const points = recordedPositions(run, k);
      const stats = ensembleStats(points, dims);
      const row = [name, t, run.lr[k], run.loss[k] ?? 'NaN', run.examples[k], run.tau[k], points.length, stats.live];
      lines.push([...row, ...stats.mean, ...stats.sd].join(','));
    });
  }
  return lines.join('\n') + '\n';
}
