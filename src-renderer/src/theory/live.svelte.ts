/**
 * What the theory views read of the running lab: a redraw tick at most a few times a second, and the
 * accumulated cloud of each run after its burn-in (time averages of the particles' moments, and a
 * histogram of the first coordinate), fed by every frame the lab sends.
 */
import type { Frame } from '../../../shared/contract/lab';
import { addToHistogram, emptyHistogram, type Histogram } from '../../../shared/theory/gallery-stats';

/** A counter bumped when the lab's tracks changed, at most every `ms`: what a chart redraws on. */
export class RedrawTick {
  value = $state(0);
  private seen = -1;

  /** Starts polling the store; returns the stop. */
  start(store: { readonly frameTick: number }, ms = 150): () => void {
    const id = setInterval(() => {
      if (store.frameTick !== this.seen) {
        this.seen = store.frameTick;
        this.value++;
      }
    }, ms);
    return () => clearInterval(id);
  }
}

/** One run's cloud, averaged over the frames at t ≥ burn-in. */
export interface CloudAverage {
  frames: number;
  /** Mean over frames of the cloud's mean (D). */
  mean: number[];
  /** Mean over frames of the cloud's covariance (divisor P − 1), D×D. */
  cov: number[][];
  /** Histogram of the first coordinate (1-D losses only). */
  histogram: Histogram | null;
  /** The latest frame's particles (row-major), for a scatter. */
  latest: Float32Array | null;
  lastT: number;
}

/** Accumulates the clouds of every run of one experiment (reset when a run restarts). */
export class CloudMeter {
  readonly runs: CloudAverage[];
  /** Bumped on every accumulated frame (not reactive: read on a redraw tick). */
  version = 0;

  constructor(
    runs: number,
    private readonly dims: number,
    private readonly burnIn: number,
    private readonly ranges: ([number, number] | null)[] = [],
    private readonly bins = 48,
  ) {
    this.runs = Array.from({ length: runs }, (_, i) => this.fresh(i));
  }

  private fresh(i: number): CloudAverage {
    const D = this.dims;
    const range = this.ranges[i];
    return {
      frames: 0,
      mean: new Array<number>(D).fill(0),
      cov: Array.from({ length: D }, () => new Array<number>(D).fill(0)),
      histogram: range ? emptyHistogram(range[0], range[1], this.bins) : null,
      latest: null,
      lastT: -1,
    };
  }

  push(frame: Frame): void {
    const i = frame.run;
    if (i >= this.runs.length || frame.dims !== this.dims) return;
    if (frame.t < this.runs[i]!.lastT) this.runs[i] = this.fresh(i);
    const acc = this.runs[i]!;
    if (frame.t === acc.lastT) return;
    acc.lastT = frame.t;
    acc.latest = frame.positions;
    if (frame.t < this.burnIn) return;
    const D = this.dims;
    const p = frame.positions;
    const mean = new Array<number>(D).fill(0);
    let n = 0;
    for (let k = 0; k + D <= p.length; k += D) {
      let ok = true;
      for (let d = 0; d < D; d++) ok &&= Number.isFinite(p[k + d]!);
      if (!ok) continue;
      n++;
      for (let d = 0; d < D; d++) mean[d]! += p[k + d]!;
    }
    if (n < 2) return;
    for (let d = 0; d < D; d++) mean[d]! /= n;
    const cov = Array.from({ length: D }, () => new Array<number>(D).fill(0));
    for (let k = 0; k + D <= p.length; k += D) {
      let ok = true;
      for (let d = 0; d < D; d++) ok &&= Number.isFinite(p[k + d]!);
      if (!ok) continue;
      for (let a = 0; a < D; a++)
        for (let b = 0; b < D; b++) cov[a]![b]! += (p[k + a]! - mean[a]!) * (p[k + b]! - mean[b]!);
    }
    const f = acc.frames;
    for (let a = 0; a < D; a++) {
      acc.mean[a] = (acc.mean[a]! * f + mean[a]!) / (f + 1);
      for (let b = 0; b < D; b++) acc.cov[a]![b] = (acc.cov[a]![b]! * f + cov[a]![b]! / (n - 1)) / (f + 1);
    }
    acc.frames = f + 1;
    if (acc.histogram) addToHistogram(acc.histogram, p, D, 0);
    this.version++;
  }
}
