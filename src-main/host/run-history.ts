/**
 * One run's statistics over its steps, bounded: every `stride`-th result is kept, and when more than
 * `cap` are kept every other one goes and the stride doubles, so the kept steps stay evenly spaced and
 * never more than `cap` (plus the latest, always given last). What a view joining mid-run draws from.
 * The first particle's path is thinned the same way on its own, to at most `PATH_NUMBERS` numbers (a
 * network's D-dimensional Φ: fewer points the larger D), and kept in float64 where the run sent it so
 * (a network's `first64`): the landscape plane is framed from it.
 */
import { HISTORY_POINTS, type RunHistory } from '../../shared/contract/lab';
import type { ModelMeasures } from '../../shared/contract/network';
import { PATH_NUMBERS } from './live-model-run';
import type { StepResult } from './protocol';

const FIELDS = ['t', 'lr', 'loss', 'lossMin', 'lossMax', 'examples', 'tau'] as const;

interface Point {
  stats: Record<(typeof FIELDS)[number], number>;
  model: ModelMeasures | null;
}

/** Evenly thinned values: every `stride`-th pushed is kept; past `cap` every other goes and the stride doubles. */
class Thinned<T> {
  kept: T[] = [];
  private stride = 1;
  private seen = 0;

  constructor(private readonly cap: number) {}

  push(value: T): void {
    if (this.seen % this.stride === 0) {
      this.kept.push(value);
      if (this.kept.length > this.cap) {
        this.kept = this.kept.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    this.seen++;
  }

  /** Replaces the latest pushed value when it was kept. */
  replaceLast(before: T, value: T): void {
    if (this.kept[this.kept.length - 1] === before) this.kept[this.kept.length - 1] = value;
  }
}

export class RunHistoryLog {
  private points: Thinned<Point>;
  private paths: Thinned<Float64Array>;
  private latest: Point | null = null;
  private latestPath: Float64Array | null = null;
  private dims = 0;

  constructor(private readonly cap = HISTORY_POINTS - 1) {
    this.points = new Thinned(cap);
    this.paths = new Thinned(cap);
  }

  /**
   * Records one result (init or step). A result at the latest step replaces it (a refresh); one before
   * it starts the log again (a new engine).
   */
  push(result: StepResult): void {
    const { stats, positions, dims } = result;
    const point: Point = {
      stats: Object.fromEntries(FIELDS.map((f) => [f, stats[f]])) as Point['stats'],
      model: result.model ?? null,
    };
    const first =
      result.first64 ?? (positions.length >= dims && dims > 0 ? Float64Array.from(positions.subarray(0, dims)) : null);
    if (this.latest && stats.t === this.latest.stats.t) {
      this.points.replaceLast(this.latest, point);
      this.latest = point;
      if (first && this.latestPath) this.paths.replaceLast(this.latestPath, first);
      else if (first) this.paths.push(first);
      if (first) this.latestPath = first;
      return;
    }
    if (this.latest && stats.t < this.latest.stats.t) this.clear();
    if (dims !== this.dims) this.paths = new Thinned(Math.min(this.cap, Math.max(2, Math.floor(PATH_NUMBERS / dims))));
    this.dims = dims;
    this.points.push(point);
    this.latest = point;
    if (first) {
      this.paths.push(first);
      this.latestPath = first;
    }
  }

  clear(): void {
    this.points = new Thinned(this.cap);
    this.paths = new Thinned(this.cap);
    this.latest = null;
    this.latestPath = null;
    this.dims = 0;
  }

  /** The first particle's kept path points and the latest, in order (its Φ in float64 where sent so). */
  path(): Float64Array[] {
    const kept = [...this.paths.kept];
    if (this.latestPath && kept[kept.length - 1] !== this.latestPath) kept.push(this.latestPath);
    return kept;
  }

  /** The kept steps and the latest, in order of t. */
  history(): RunHistory {
    const points = [...this.points.kept];
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
      path: this.path().flatMap((p) => Array.from(p)),
    };
    for (const point of points) for (const field of FIELDS) out[field].push(point.stats[field]);
    if (points.some((p) => p.model)) out.model = modelArrays(points);
    return out;
  }
}

/** A network's measures at each point, as `RunHistory.model` carries them. */
function modelArrays(points: Point[]): NonNullable<RunHistory['model']> {
  const of = (f: (m: ModelMeasures) => number | undefined) => points.map((p) => (p.model ? (f(p.model) ?? NaN) : NaN));
  return {
    testLoss: of((m) => m.testLoss),
    accuracy: of((m) => m.accuracy),
    testAccuracy: of((m) => m.testAccuracy),
    firstLoss: of((m) => m.firstLoss),
    ...(points.some((p) => p.model?.sharpness !== undefined) ? { sharpness: of((m) => m.sharpness) } : {}),
  };
}
