/**
 * The one loop that steps and records an experiment (SPEC §9), for the command line, the sweeps and
 * the lab's live runs: a `Recorder` drives a `RunSet` (any backend) and takes each run's frame at
 * t = 0 and every `record.every` steps (η_t with η_1 at t = 0, the mean full loss over live particles,
 * the first `record.particles` positions); `recordExperiment` runs a whole experiment and takes the
 * last step too, with every particle and the divergence count. Each run's steps go into one
 * `RunRecordingBuilder` (recording-builder.ts).
 */
import type { Experiment } from '../../shared/experiment/experiment';
import type { RunRecording } from '../../shared/experiment/recording';
import type { RunFrame, RunSet } from './api';
import { RunRecordingBuilder, type Final } from './recording-builder';

export { recordedSteps, type PackedRunRecording } from './recording-builder';

export interface RecorderOptions {
  /** Record every this many steps. */
  every: number;
  /** Positions recorded per run and step (at most each run's particles). */
  particles: number;
  /** Recorded steps kept per run at most (default: all). */
  cap?: number;
  /** Called after each recorded step of each run. */
  onRecord?: (run: number, t: number) => void;
  /** Called once when run i fails (the set went on without it), with its last recorded step. */
  onError?: (run: number, error: Error, t: number) => void;
}

/** Steps a RunSet and records each of its runs as it goes. */
export class Recorder {
  readonly builders: RunRecordingBuilder[];
  /** Runs that failed and were ended (at their last recorded step). */
  private readonly ended = new Set<number>();
  /** Each run's last frame taken, and how many positions it holds. */
  private readonly last: (RunFrame | null)[];

  private constructor(
    private readonly set: RunSet,
    dims: number,
    private readonly opts: RecorderOptions,
  ) {
    this.builders = set.runs.map(
      (r) => new RunRecordingBuilder(r.name, dims, Math.min(opts.particles, r.particles), opts.cap),
    );
    this.last = set.runs.map(() => null);
  }

  /** A recorder of `set` from its current step on, that step taken (with `ahead` positions read back). */
  static async start(set: RunSet, dims: number, opts: RecorderOptions, ahead = 0): Promise<Recorder> {
    const recorder = new Recorder(set, dims, opts);
    await recorder.take(ahead);
    return recorder;
  }

  /**
   * Steps the set n times, stopping at each multiple of `every` to take it. `ahead` positions are read
   * back with a recorded step that ends the advance (what is read right after it).
   */
  async advance(n: number, ahead = 0): Promise<void> {
    let left = n;
    while (left > 0) {
      const k = Math.min(left, this.opts.every - (this.set.t % this.opts.every));
      await this.set.step(k);
      left -= k;
      this.noteFailures();
      if (this.set.t % this.opts.every === 0) await this.take(left === 0 ? ahead : 0);
    }
  }

  /** Takes every run's frame at the current step, unless it is taken already. */
  async take(ahead = 0): Promise<void> {
    const t = this.set.t;
    for (let i = 0; i < this.builders.length; i++) {
      const b = this.builders[i]!;
      if (this.ended.has(i) || b.t[b.t.length - 1] === t) continue;
      const frame = await this.read(i, Math.max(b.particles, ahead));
      if (!frame) continue;
      b.take(frame);
      this.opts.onRecord?.(i, t);
    }
  }

  /** Run i's frame with `count` positions, kept as its last; null once it has failed. */
  private async read(i: number, count: number): Promise<RunFrame | null> {
    const frame = await this.set.read(i, count);
    this.noteFailures();
    this.last[i] = frame;
    return frame;
  }

  /** Ends the runs that failed since the last look, at their last recorded step. */
  private noteFailures(): void {
    this.set.runs.forEach((_, i) => {
      const error = this.set.failure(i);
      if (!error || this.ended.has(i)) return;
      this.ended.add(i);
      const b = this.builders[i]!;
      this.opts.onError?.(i, error, b.t[b.t.length - 1] ?? 0);
    });
  }

  /** How run i ends now: all its particles at the current step (read unless the last frame has them). */
  async end(i: number): Promise<Final> {
    const b = this.builders[i]!;
    const P = this.set.runs[i]!.particles;
    if (this.ended.has(i)) return b.failedAt(P);
    const last = this.last[i];
    const whole = last && last.stats.t === this.set.t && last.positions.length >= P * b.dims;
    const frame = whole ? last : await this.read(i, P);
    return frame ? b.finalOf(frame) : b.failedAt(P);
  }

  /** Run i's frame at the current step when it is not a recorded one (for a recording asked mid-run). */
  async extra(i: number): Promise<RunFrame | undefined> {
    const b = this.builders[i]!;
    if (this.ended.has(i) || b.t[b.t.length - 1] === this.set.t) return undefined;
    return (await this.read(i, this.set.runs[i]!.particles)) ?? undefined;
  }
}

export type RecordOptions = Pick<RecorderOptions, 'onRecord' | 'onError'>;

/**
 * Steps every run of `set` through the experiment's steps, recording t = 0, every `record.every` and
 * the last step (with every particle), then disposes of the set.
 */
export async function recordExperiment(
  set: RunSet,
  experiment: Pick<Experiment, 'steps' | 'record' | 'loss'>,
  opts: RecordOptions = {},
): Promise<RunRecording[]> {
  try {
    const { steps, record } = experiment;
    const all = Math.max(0, ...set.runs.map((r) => r.particles));
    const options = { ...opts, every: record.every, particles: record.particles };
    const dims = set.dims ?? experiment.loss.params.length;
    const recorder = await Recorder.start(set, dims, options, steps === 0 ? all : 0);
    await recorder.advance(steps, all);
    await recorder.take(all);
    const out: RunRecording[] = [];
    for (let i = 0; i < set.runs.length; i++) out.push(recorder.builders[i]!.recording(await recorder.end(i)));
    return out;
  } finally {
    await set.dispose();
  }
}
