/**
 * Instant mode (the "Instant" toggle beside Play): every change of the experiment while the lab stands
 * still — η dragged or typed, N, β, a schedule, a start dragged, the formula, steps — asks the lab for
 * every run's whole path up to `steps` (computed in its run workers, one reply) and draws it at once,
 * no Play needed. The scrubber and its replay button then go over the computed path here, like a
 * replay's timeline (Play and Step still step the live runs: the computed path gives way to them).
 * At most two requests are on their way (the lab supersedes the older); a later change waits for one
 * of them and is then sent, and a reply older than the newest one shown is dropped.
 *
 * While a computed path is shown, the live runs' frames are kept aside, not drawn; leaving instant
 * mode (the toggle, or a live Play) puts the live runs back as they are.
 */
import { INSTANT_SUPERSEDED, instantByDefault, type InstantRun } from '../../../shared/contract/instant';
import type { Frame, LabApi } from '../../../shared/contract/lab';
import type { Experiment } from '../../../shared/experiment/experiment';
import { InstantAnswers, type WholePaths } from './instant-answers';
import { indexAtOrBefore, pathKey, snapshotAt, stepAt } from './instant-paths';
import type { RunTrack, TrackSnapshot } from './tracks';

/** What instant mode needs of the store. */
export interface InstantHost {
  /** The live lab (a replay has no engine to compute with). */
  readonly api: LabApi;
  readonly tracks: RunTrack[];
  /** Redraws the views (their next animation frame draws what changed). */
  tick(): void;
  /** Shows a problem (null: none). */
  say(message: string | null): void;
}

/** In the e2e build: when results were requested, arrived and were applied (performance.now()). */
export interface InstantTimes {
  requested: number;
  arrived: number;
  applied: number;
  count: number;
  /** Exact rows put at the scrubber's step (`instantAt` answers applied). */
  heads: number;
  /** Requests on their way or waiting to be sent (0: the latest change is shown). */
  pending: number;
}

/** A replay crosses the whole computed path in this long (ms), however fast the page draws. */
const REPLAY_MS = 2500;

export class InstantMode {
  /** The user's choice (null: the experiment's default, `instantByDefault`). */
  choice = $state<boolean | null>(null);
  private defaultOn = $state(false);
  /** The computed paths shown (null: the live runs are drawn). */
  paths = $state.raw<WholePaths | null>(null);
  /** The scrubber's position: an index into each run's computed steps. */
  index = $state(0);
  /** Play replaying the computed path. */
  playing = $state(false);
  private sent = 0;
  /** The paths (`pathKey`) of the experiment last asked for ('': none since the last shown or left). */
  private asked = '';
  private shownSeq = 0;
  private inFlight = 0;
  private waiting = false;
  /** The last few answers, whole (`since`); and what each track last showed of them. */
  private readonly answers = new InstantAnswers();
  private shownRows: ({ run: InstantRun; j: number } | null)[] = [];
  /** The tracks as the live runs left them, and their frames since (put back on leaving). */
  private saved: TrackSnapshot[] | null = null;
  private liveFrames: Frame[] = [];
  /** Each run's latest live step seen. */
  private readonly liveT: number[] = [];
  private replay: number | null = null;
  /** An `instantAt` question on its way, and the step the scrubber wants now. */
  private asking = false;
  private wantedT = -1;
  readonly times: InstantTimes = { requested: 0, arrived: 0, applied: 0, count: 0, heads: 0, pending: 0 };

  constructor(private readonly host: InstantHost) {
    if (__SGD_LAB_E2E__) (window as unknown as { __sgdLabInstant: InstantTimes }).__sgdLabInstant = this.times;
  }

  get on(): boolean {
    return this.choice ?? this.defaultOn;
  }

  /** Whether any live run is past t = 0 (what the computed path on screen may hide). */
  get liveUnderWay(): boolean {
    return this.liveT.some((t) => t > 0);
  }

  /** Whether a computed path is on screen (the scrubber and the replay button then move over it). */
  get shown(): boolean {
    return this.paths !== null;
  }

  /** The computed path's last step (every run has the same). */
  get last(): number {
    return this.paths?.runs[0]?.history.t.at(-1) ?? 0;
  }

  /** The scrubber's rows: every step the lab kept (`every` apart; every step of a small run), the last one last. */
  get rows(): number {
    return Math.ceil(this.last / (this.paths?.every ?? 1)) + 1;
  }

  /** The step at the scrubber's row k. */
  tAt(k: number): number {
    return stepAt(k, this.paths?.every ?? 1, this.last);
  }

  /**
   * The experiment now (its default) and whether it changed (then, in instant mode, it is computed,
   * unless it was already asked for by `ahead`).
   */
  experimentChanged(experiment: Experiment, changed: boolean, still: boolean): void {
    this.defaultOn = instantByDefault(experiment);
    if (!this.on) this.leave();
    else if (changed && still && pathKey(experiment) !== this.asked) this.request(pathKey(experiment));
  }

  /**
   * An edit was just sent that makes `experiment`: its paths are asked for in the same hop (the lab
   * answers its messages in order, so it computes them with the edit applied), not after the state
   * that says so comes back.
   */
  ahead(experiment: Experiment, still: boolean): void {
    const key = pathKey(experiment);
    if (this.on && still && key !== this.asked) this.request(key);
  }

  /** The toggle. Turning it on computes the path at once; off, the live runs come back. */
  set(on: boolean, still: boolean): void {
    this.choice = on;
    if (!on) this.leave();
    else if (still) this.request('');
  }

  /**
   * Keeps a live frame aside while a computed path is shown; false when it should be drawn. A frame
   * past the run's last live step means the live runs moved (Step, Play, here or in another view):
   * the computed path gives way to them.
   */
  holds(frame: Frame): boolean {
    const moved = frame.t > (this.liveT[frame.run] ?? 0);
    this.liveT[frame.run] = frame.t;
    if (!this.shown) return false;
    if (moved) {
      this.leave();
      return false;
    }
    this.liveFrames.push(frame);
    if (this.liveFrames.length > 256) this.liveFrames.splice(0, this.liveFrames.length - 64);
    return true;
  }

  /** Asks for every run's whole path (a change was made; `key`: its experiment's paths, '' unknown). */
  request(key: string): void {
    this.asked = key;
    if (this.inFlight >= 2) {
      this.waiting = true;
      this.times.pending = this.inFlight + 1;
      return;
    }
    void this.send();
  }

  private async send(): Promise<void> {
    if (!this.host.api.instant) return;
    const seq = ++this.sent;
    this.inFlight++;
    this.times.pending = this.inFlight + (this.waiting ? 1 : 0);
    this.times.requested = performance.now();
    try {
      const reply = await this.host.api.instant(this.paths?.generation);
      this.times.arrived = performance.now();
      const paths = reply.ok && reply.instant ? this.answers.whole(reply.instant) : null;
      if (!reply.ok) {
        if (reply.error !== INSTANT_SUPERSEDED && seq === this.sent) this.host.say(`Instant: ${reply.error}`);
      } else if (reply.instant && !paths) {
        // Its unchanged runs refer to an answer no longer kept here: asked again, whole.
        if (seq === this.sent) this.waiting = true;
      } else if (paths && seq > this.shownSeq && this.on) {
        this.shownSeq = seq;
        this.apply(paths);
      }
    } catch (error) {
      this.host.say(`Instant: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.inFlight--;
      this.times.pending = this.inFlight + (this.waiting ? 1 : 0);
      if (this.waiting) {
        this.waiting = false;
        void this.send();
      }
    }
  }

  /** Draws every run's whole path at once (the scrubber at the end). */
  private apply(paths: WholePaths): void {
    this.saved ??= this.host.tracks.map((track) => track.snapshot());
    this.paths = paths;
    this.stop();
    this.seek(this.rows - 1);
    this.times.applied = performance.now();
    this.times.count++;
  }

  /**
   * Every run at the scrubber's row k: its path drawn up to there at once (the points sent), and where
   * the step falls between two of them, its exact row asked of the lab (`instantAt`) and put at the end.
   */
  seek(k: number): void {
    const paths = this.paths;
    if (!paths) return;
    this.index = Math.max(0, Math.min(this.rows - 1, k));
    const t = this.tAt(this.index);
    let exact = true;
    paths.runs.forEach((run, r) => {
      const { history, final } = run;
      const j = indexAtOrBefore(history.t, t);
      exact &&= history.t[j] === t;
      // A run showing this very row already (another run was changed) is left as it is: not drawn again.
      const shown = this.shownRows[r];
      if (shown?.run === run && shown.j === j) return;
      this.shownRows[r] = { run, j };
      this.host.tracks[r]?.restore(snapshotAt(history, final, j));
    });
    this.host.tick();
    if (!exact) this.askHeads(paths, t);
  }

  /** The exact rows at step t (one question at a time; only the latest step wanted is asked next). */
  private askHeads(paths: WholePaths, t: number): void {
    this.wantedT = t;
    if (this.asking || !this.host.api.instantAt) return;
    this.asking = true;
    void this.host.api
      .instantAt(paths.generation, t)
      .then((reply) => {
        if (!reply.ok || !reply.heads || this.paths !== paths || this.tAt(this.index) !== t) return;
        reply.heads.forEach((head, r) => {
          const run = paths.runs[r];
          if (!run) return;
          this.host.tracks[r]?.restore(snapshotAt(run.history, run.final, indexAtOrBefore(run.history.t, t), head));
          // Its head is not the row's: the next seek draws the row again.
          this.shownRows[r] = null;
        });
        this.times.heads++;
        this.host.tick();
      })
      .catch(() => undefined)
      .finally(() => {
        this.asking = false;
        if (this.paths === paths && this.wantedT !== t && this.wantedT === this.tAt(this.index))
          this.askHeads(paths, this.wantedT);
      });
  }

  /** Replays the computed path (from the start when at its end), or pauses the replay. */
  togglePlay(): void {
    if (this.playing) return this.stop();
    if (this.index >= this.rows - 1) this.seek(0);
    this.playing = true;
    const [from, began, perMs] = [this.index, performance.now(), (this.rows - 1) / REPLAY_MS];
    const frame = (now: number) => {
      if (!this.playing) return;
      this.seek(Math.max(this.index + 1, from + Math.round((now - began) * perMs)));
      if (this.index >= this.rows - 1) this.stop();
      else this.replay = requestAnimationFrame(frame);
    };
    this.replay = requestAnimationFrame(frame);
  }

  stop(): void {
    this.playing = false;
    if (this.replay !== null) cancelAnimationFrame(this.replay);
    this.replay = null;
  }

  /** Back to the live runs: their tracks as they were, and the frames they sent since. */
  leave(): void {
    this.stop();
    this.asked = '';
    if (!this.paths) return;
    this.paths = null;
    this.shownSeq = this.sent;
    const saved = this.saved ?? [];
    this.saved = null;
    this.shownRows = [];
    this.host.tracks.forEach((track, i) => (saved[i] ? track.restore(saved[i]) : track.clear()));
    for (const frame of this.liveFrames) this.host.tracks[frame.run]?.push(frame);
    this.liveFrames = [];
    this.host.tick();
  }
}
