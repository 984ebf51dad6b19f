/**
 * What the view keeps of each run's frames: the latest frame, the history for the charts and the
 * first particle's path. Plain arrays outside Svelte's reactivity (they change 60 times a second);
 * `generation` changes whenever a track is cleared or thinned, so consumers know to redraw it whole.
 */
import type { Frame, RunHistory } from '../../../shared/contract/lab';
import type { ModelMeasures } from '../../../shared/contract/network';

const MAX_HISTORY = 4000;
const MAX_PATH = 8000;

/** A network's measures a track keeps beside the loss (SPEC §13), NaN where a frame or history has none. */
export const MODEL_FIELDS = ['testLoss', 'accuracy', 'testAccuracy', 'sharpness'] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

/** Every series a track keeps at each of its `t`. */
const SERIES = ['loss', 'lossMin', 'lossMax', 'lr', 'examples', 'tau', ...MODEL_FIELDS] as const;
type Series = (typeof SERIES)[number];

/** What a track holds, copied by `RunTrack.snapshot` to be put back by `RunTrack.restore`. */
export type TrackSnapshot = Pick<RunTrack, 'last' | 't' | Series | 'path' | 'dims'>;

/** A copy of a track's data (its arrays copied, the frame shared: frames are never changed). */
function copyOf(track: TrackSnapshot): TrackSnapshot {
  const copy = { last: track.last, t: [...track.t], path: [...track.path], dims: track.dims } as TrackSnapshot;
  for (const f of SERIES) copy[f] = [...track[f]];
  return copy;
}

function isModelField(f: Series): f is ModelField {
  return (MODEL_FIELDS as readonly string[]).includes(f);
}

/** A frame's value of a series: its statistics, or its model measures (NaN where it has none). */
function frameValue(frame: Frame, f: Series): number {
  return isModelField(f) ? ((frame.model as Partial<ModelMeasures> | undefined)?.[f] ?? NaN) : frame[f];
}

/** A history's value of a series at point i (NaN where it has none: a formula, sharpness not recorded). */
function historyValue(history: RunHistory, f: Series, i: number): number {
  return isModelField(f) ? (history.model?.[f]?.[i] ?? NaN) : history[f][i]!;
}

export class RunTrack {
  last: Frame | null = null;
  t: number[] = [];
  loss: number[] = [];
  /** The smallest and largest loss over the live particles at each point (the chart's band). */
  lossMin: number[] = [];
  lossMax: number[] = [];
  lr: number[] = [];
  /** Examples seen (t·B) and gradient-flow time τ = Σ η, the other time axes (SPEC §5, §6). */
  examples: number[] = [];
  tau: number[] = [];
  /** A network's test loss, accuracies and sharpness (SPEC §13; NaN for a formula or where not measured). */
  testLoss: number[] = [];
  accuracy: number[] = [];
  testAccuracy: number[] = [];
  sharpness: number[] = [];
  /** First particle's path, D numbers per point. */
  path: number[] = [];
  dims = 2;
  generation = 0;

  clear(): void {
    this.last = null;
    this.clearHistory();
  }

  /** Forgets the chart history and the path, keeping the latest frame on screen. */
  clearHistory(): void {
    this.t = [];
    for (const f of SERIES) this[f] = [];
    this.path = [];
    this.generation++;
  }

  /** A copy of what the track holds now (an export that shows a replay in its place puts it back after). */
  snapshot(): TrackSnapshot {
    return copyOf(this);
  }

  /** Holds (a copy of) `saved` again, drawn whole. */
  restore(saved: TrackSnapshot): void {
    Object.assign(this, copyOf(saved));
    this.generation++;
  }

  push(frame: Frame): void {
    // t = 0 is always a (re)start: after a load, a reset or a new run at this index.
    if (frame.t === 0 || (this.last && frame.t < this.last.t)) this.clear();
    if (this.dims !== frame.dims) {
      this.clear();
      this.dims = frame.dims;
    }
    this.last = frame;
    const prev = this.t.length ? this.t[this.t.length - 1] : undefined;
    // A frame older than the history already here (one held back while the history came) adds nothing.
    if (prev === undefined || frame.t > prev) {
      this.t.push(frame.t);
      for (const f of SERIES) this[f].push(frameValue(frame, f));
      if (this.t.length > MAX_HISTORY) this.thinHistory();
    }
    if (frame.positions.length >= frame.dims) {
      const p = frame.positions;
      const n = this.path.length;
      const d = frame.dims;
      let same = n >= d;
      for (let k = 0; k < d && same; k++) same = this.path[n - d + k] === p[k];
      if (!same && Number.isFinite(p[0]) && (d < 2 || Number.isFinite(p[1]))) {
        for (let k = 0; k < d; k++) this.path.push(p[k]!);
        if (this.path.length / d > MAX_PATH) this.thinPath();
      }
    }
  }

  /**
   * Joins a run's history from the lab (a view that joined mid-run) with what frames brought: the
   * union of both by t (a frame's point wins a tie), the history's path before the frames'.
   */
  mergeHistory(history: RunHistory): void {
    if (history.t.length === 0) return;
    if (this.last && this.last.dims !== history.dims) return;
    this.dims = history.dims;
    const merged = { t: [] as number[] } as Pick<RunTrack, 't' | Series>;
    for (const f of SERIES) merged[f] = [];
    let [i, j] = [0, 0];
    while (i < history.t.length || j < this.t.length) {
      const th = history.t[i] ?? Infinity;
      const tf = this.t[j] ?? Infinity;
      const fromFrames = tf <= th;
      merged.t.push(fromFrames ? tf : th);
      for (const f of SERIES) merged[f].push(fromFrames ? this[f][j]! : historyValue(history, f, i));
      if (fromFrames) {
        if (tf === th) i++;
        j++;
      } else i++;
    }
    Object.assign(this, merged);
    while (this.t.length > MAX_HISTORY) this.thinHistory();
    this.path = [...history.path, ...this.path];
    while (this.path.length / this.dims > MAX_PATH) this.thinPath();
    this.generation++;
  }

  private thinHistory(): void {
    const keep = (a: number[]) => a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
    this.t = keep(this.t);
    for (const f of SERIES) this[f] = keep(this[f]);
  }

  private thinPath(): void {
    const d = this.dims;
    const count = this.path.length / d;
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0 || i === count - 1) for (let k = 0; k < d; k++) out.push(this.path[i * d + k]!);
    }
    this.path = out;
    this.generation++;
  }
}
