/**
 * One run's statistics over its steps, bounded: every `stride`-th result is kept, and when more than
 * `cap` are kept every other one goes and the stride doubles, so the kept steps stay evenly spaced and
 * never more than `cap` (plus the latest, always given last). What a view joining mid-run draws from.
 */
import { HISTORY_POINTS, type RunHistory } from '../../shared/contract/lab';
import type { StepResult } from './protocol';

const FIELDS = ['t', 'lr', 'loss', 'lossMin', 'lossMax', 'examples', 'tau'] as const;

interface Point {
  stats: Record<(typeof FIELDS)[number], number>;
  /** The first particle's position, when the result carried positions. */
  first: number[] | null;
}

export class RunHistoryLog {
  private kept: Point[] = [];
  private latest: Point | null = null;
  private stride = 1;
  private seen = 0;
  private dims = 0;

  constructor(private readonly cap = HISTORY_POINTS - 1) {}

  /**
   * Records one result (init or step). A result at the latest step replaces it (a refresh); one before
   * it starts the log again (a new engine).
   */
  push(result: StepResult): void {
    const { stats, positions, dims } = result;
    const point: Point = {
      stats: Object.fromEntries(FIELDS.map((f) => [f, stats[f]])) as Point['stats'],
      first: positions.length >= dims && dims > 0 ? Array.from(positions.subarray(0, dims)) : null,
    };
    if (this.latest && stats.t === this.latest.stats.t) {
      point.first ??= this.latest.first;
      if (this.kept[this.kept.length - 1] === this.latest) this.kept[this.kept.length - 1] = point;
      this.latest = point;
      return;
    }
    if (this.latest && stats.t < this.latest.stats.t) this.clear();
    this.dims = dims;
    if (this.seen % this.stride === 0) {
      this.kept.push(point);
      if (this.kept.length > this.cap) {
        this.kept = this.kept.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    this.seen++;
    this.latest = point;
  }

  clear(): void {
    this.kept = [];
    this.latest = null;
    this.stride = 1;
    this.seen = 0;
  }

  /** The kept steps and the latest, in order of t. */
  history(): RunHistory {
    const points = [...this.kept];
    if (this.latest && points[points.length - 1] !== this.latest) points.push(this.latest);
    const out: RunHistory = {
      t: [],
      lr: [],
      loss: [],
      lossMin: [],
      lossMax: [],
      examples: [],
      tau: [],
      dims: this.dims,
      path: [],
    };
    for (const point of points) {
      for (const field of FIELDS) out[field].push(point.stats[field]);
      if (point.first) out.path.push(...point.first);
    }
    return out;
  }
}
