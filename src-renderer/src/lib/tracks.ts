/**
 * What the view keeps of each run's frames: the latest frame, the history for the loss chart and the
 * first particle's path. Plain arrays outside Svelte's reactivity (they change 60 times a second);
 * `generation` changes whenever a track is cleared or thinned, so consumers know to redraw it whole.
 */
import type { Frame } from '../../../shared/contract/lab';

const MAX_HISTORY = 4000;
const MAX_PATH = 8000;

export class RunTrack {
  last: Frame | null = null;
  t: number[] = [];
  loss: number[] = [];
  lr: number[] = [];
  /** Examples seen (t·B) and gradient-flow time τ = Σ η, the other time axes (SPEC §5, §6). */
  examples: number[] = [];
  tau: number[] = [];
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
    this.loss = [];
    this.lr = [];
    this.examples = [];
    this.tau = [];
    this.path = [];
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
    if (prev !== frame.t) {
      this.t.push(frame.t);
      this.loss.push(frame.loss);
      this.lr.push(frame.lr);
      this.examples.push(frame.examples);
      this.tau.push(frame.tau);
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

  private thinHistory(): void {
    const keep = (a: number[]) => a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
    this.t = keep(this.t);
    this.loss = keep(this.loss);
    this.lr = keep(this.lr);
    this.examples = keep(this.examples);
    this.tau = keep(this.tau);
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
