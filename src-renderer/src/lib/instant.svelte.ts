/**
 * Instant mode (the "Instant" toggle beside Play): every change of the experiment while the lab stands
 * still (η, N, β, a schedule, a start, the formula, steps) asks the lab for every run's whole path up
 * to `steps` (its run workers, one reply) and draws it at once, no Play needed; the scrubber and its
 * replay button go over it (Play and Step still step the live runs: the computed path gives way).
 * At most two requests are on their way, a later change waits, and a reply older than the newest shown
 * is dropped. The runs a change moves that need no random numbers or data are traced on the page too
 * (page-paths.ts) and drawn first, the same to the bit; when the page drew every moved run, the lab is
 * asked once the changes pause. Live frames are kept aside while a computed path is shown; leaving
 * instant mode (the toggle, or a live Play) puts the live runs back as they are.
 */
import { INSTANT_SUPERSEDED, instantByDefault, type InstantRun } from '../../../shared/contract/instant';
import type { Frame, LabApi } from '../../../shared/contract/lab';
import type { Experiment } from '../../../shared/experiment/experiment';
import { InstantAnswers, sameRun, type WholePaths } from './instant-answers';
import { InstantHeads } from './instant-heads';
import { noInstantTimes, type InstantTimes } from './instant-times';
import { PagePaths, type PagePathsAnswer } from './page-paths';
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

/** A change the page draws itself is asked of the lab once changes pause this long (ms). */
const SETTLE_MS = 150;

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
  /** The lab's exact rows where the scrubber's step falls between two points sent. */
  private readonly heads = new InstantHeads(
    () => this.host.api,
    (paths, t) => this.paths === paths && this.tAt(this.index) === t,
    (paths, t, heads) => {
      heads.forEach((head, r) => {
        const run = paths.runs[r];
        if (!run) return;
        this.host.tracks[r]?.restore(snapshotAt(run.history, run.final, indexAtOrBefore(run.history.t, t), head));
        // Its head is not the row's: the next seek draws the row again.
        this.shownRows[r] = null;
      });
      this.times.heads++;
      this.host.tick();
    },
  );
  readonly times = noInstantTimes();
  /** The page's own paths of the runs a change moved, drawn before the lab's answer comes. */
  private readonly page = new PagePaths((answer) => this.pageAnswered(answer));
  /** Changes asked for so far, the one shown, and the lab's request waiting for the changes to pause. */
  private change = 0;
  private shownChange = 0;
  private settling: ReturnType<typeof setTimeout> | null = null;

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
    else if (changed && still && pathKey(experiment) !== this.asked) this.request(pathKey(experiment), experiment);
  }

  /**
   * An edit was just sent that makes `experiment`: its paths are asked for in the same hop (the lab
   * answers its messages in order, so it computes them with the edit applied), not after the state
   * that says so comes back.
   */
  ahead(experiment: Experiment, still: boolean): void {
    const key = pathKey(experiment);
    if (this.on && still && key !== this.asked) this.request(key, experiment);
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

  /**
   * Asks for every run's whole path (a change was made; `key`: its experiment's paths, '' unknown); with
   * the experiment, the runs it moved are also traced on the page and drawn as soon as they are.
   */
  request(key: string, experiment?: Experiment): void {
    this.asked = key;
    this.change++;
    // Every run it moved drawn by the page: the lab is asked once the changes pause (a drag's moves cost it nothing).
    const traced = this.page.changed(this.change, experiment);
    this.askLab(traced && this.paths !== null && this.paths.runs.length === experiment?.runs.length);
  }

  /** Asks the lab now (at most two requests on their way, then one waits), or `later`: once changes pause `SETTLE_MS`. */
  private askLab(later = false): void {
    if (this.settling !== null) clearTimeout(this.settling);
    this.settling = null;
    if (later) this.settling = setTimeout(() => this.askLab(), SETTLE_MS);
    else if (this.inFlight < 2) return void this.send();
    else this.waiting = true;
    this.times.pending = this.inFlight + 1;
  }

  private async send(): Promise<void> {
    if (!this.host.api.instant) return;
    const seq = ++this.sent;
    const change = this.change;
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
      } else if (paths && seq > this.shownSeq && change >= this.shownChange && this.on) {
        this.shownSeq = seq;
        this.shownChange = change;
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

  /** The page's paths of a change newer than the one shown, drawn in place of the runs they moved. */
  private pageAnswered({ change, runs, count }: PagePathsAnswer): void {
    // (A run added or removed: the lab's answer draws them all.)
    if (!this.on || this.paths?.runs.length !== count || change <= this.shownChange) return;
    this.times.arrived = performance.now();
    this.shownChange = change;
    this.times.previews++;
    const shown = this.paths;
    this.apply({ ...shown, runs: shown.runs.map((run, r) => runs.get(r) ?? run), preview: true });
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
      this.shownRows[r] = { run, j };
      if (shown && shown.j === j && sameRun(shown.run, run)) return;
      this.host.tracks[r]?.restore(snapshotAt(history, final, j));
    });
    this.host.tick();
    if (!exact) this.heads.ask(paths, t);
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
    if (this.settling !== null) clearTimeout(this.settling);
    this.settling = null;
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
