/**
 * The view's one store: the lab's state, the loss surface, the runs' tracks and the problems to show.
 * It holds a `LabApi` (Electron preload or WebSocket; it cannot tell which) and nothing else of the host.
 */
import type { Frame, LabApi, LabState, Reply, Surface } from '../../../shared/contract/lab';
import type { Experiment, Run, RunInput } from '../../../shared/experiment/experiment';
import type { SpecIssue } from '../../../shared/experiment/issues';
import { emptyTestHook, type TestHook } from './e2e-hook';
import { Throttle } from './throttle';
import { RunTrack } from './tracks';
import { InstantMode } from './instant.svelte';
import { patchedExperiment, type RunPatch } from '../../../shared/contract/run-patch';
import { pathKey } from './instant-paths';

export const SURFACE_RESOLUTION = 256;
/** How often the live numbers of the status table are redrawn at most (ms). */
const TEXT_EVERY_MS = 100;

export interface IssueReport {
  title: string;
  issues: SpecIssue[];
}

export class LabStore {
  state = $state.raw<LabState | null>(null);
  surface = $state.raw<Surface | null>(null);
  issues = $state.raw<IssueReport | null>(null);
  message = $state<string | null>(null);
  /** The lab went away (the server stopped): nothing more will come. */
  disconnected = $state(false);
  /** Bumped (at most once per animation frame) when tracks changed. */
  frameTick = $state(0);
  /**
   * Like `frameTick`, at most every `TEXT_EVERY_MS` (and once after the last change): for numbers the
   * user reads (the status table), so the page's text is not repainted on every frame.
   */
  textTick = $state(0);
  private readonly textThrottle = new Throttle(TEXT_EVERY_MS, () => this.textTick++);
  /**
   * Hot patches on their way, by `index:field` (e.g. `0:lr`): what the view shows for that field until
   * the lab has confirmed it, so the slider, the legend and the table never disagree for long.
   */
  patching = $state<Record<string, RunPatch['value']>>({});
  readonly tracks: RunTrack[] = [];
  readonly api: LabApi;
  /** Instant mode: a change shows every run's whole path at once (instant.svelte.ts). */
  readonly instant: InstantMode;
  /** What of the experiment changes the runs' paths, as last seen ('': none yet). */
  private pathKey = '';

  private lossKey = '';
  /** The last run sent per index, until the lab has answered it (not reactive: nothing draws it). */
  private readonly pendingRuns: Record<number, { id: number; run: RunInput } | undefined> = {};
  private runNames: string[] = [];
  /** The user changed the runs since the last load (a preset then asks before replacing them). */
  runsEdited = false;
  private tickPending = false;
  /** Frames received since the view last drew (told to the lab, which paces frames by it). */
  private unshown = 0;
  /** Play once the first state arrives: only when the page was opened with `?autoplay`. */
  private autoPlay = false;
  /** Frames that came before the state that says which runs there are (a view that just connected). */
  private early: Frame[] = [];
  private readonly patchesInFlight: Record<string, true | undefined> = {};
  private readonly hook: TestHook = emptyTestHook();
  /** Whether this view asked the lab for the runs' history (once, at its first state). */
  private historyAsked = false;

  /** `live`: the live lab behind `api` (which may show a replay in its place), for instant mode. */
  constructor(api: LabApi, live: LabApi = api) {
    this.api = api;
    this.instant = new InstantMode({
      api: live,
      tracks: this.tracks,
      // Drawn at once (the views' effects run before the next frame), then the text at the next frame.
      tick: () => {
        this.frameTick++;
        this.scheduleTick();
      },
      say: (message) => (this.message = message),
    });
  }

  /** Whether the lab stands still (not playing, not a replay): instant mode computes changes then. */
  get still(): boolean {
    return !this.state?.playing && !this.state?.replay;
  }

  get experiment(): Experiment | null {
    return this.state?.experiment ?? null;
  }

  /** Subscribes to the lab; returns the unsubscribe. */
  start(): () => void {
    if (__SGD_LAB_E2E__) window.__sgdLab = this.hook;
    this.autoPlay = /[?&]autoplay(=|&|$)/.test(location.search);
    const offState = this.api.onState((s) => this.onState(s));
    const offFrame = this.api.onFrame((f) => this.onFrame(f));
    const onVisibility = () => void this.api.setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    // Say so at once: the lab sends frames while any of its views is visible.
    onVisibility();
    return () => {
      offState();
      offFrame();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }

  /** Sends a command; a refusal shows its error (and its issues, by path). */
  async call(request: Promise<Reply>, what = 'The lab'): Promise<Reply | null> {
    try {
      const reply = await request;
      if (!reply.ok) {
        if (reply.issues && reply.issues.length > 0)
          // The list below says each problem; the title keeps only the error's first line.
          this.issues = { title: `${what}: ${reply.error.split('\n')[0]!.replace(/:$/, '')}`, issues: reply.issues };
        else this.message = `${what}: ${reply.error}`;
      } else this.message = null;
      return reply;
    } catch (error) {
      this.message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    }
  }

  /** Loads an experiment; if the lab was playing, the new one plays too. */
  async load(spec: unknown, name?: string): Promise<boolean> {
    const wasPlaying = this.state?.playing ?? false;
    const reply = await this.call(this.api.load(spec, name), name ? `Loading ${name}` : 'Loading');
    if (reply?.ok) {
      this.issues = null;
      this.runsEdited = false;
      if (wasPlaying && !this.state?.playing) await this.call(this.api.play(), 'Play');
      return true;
    }
    return false;
  }

  private onState(state: LabState): void {
    this.state = state;
    const experiment = state.experiment;
    if (!experiment) return;
    const names = experiment.runs.map((r) => r.name);
    if (__SGD_LAB_E2E__) {
      this.hook.starts = experiment.runs.map((r) => r.start);
      // An experiment with fewer runs: the hook forgets the runs that are gone (as the tracks do).
      for (const list of [this.hook.lastT, this.hook.lastLr, this.hook.particles])
        list.length = Math.min(list.length, names.length);
    }
    const key = JSON.stringify(experiment.loss);
    const lossChanged = key !== this.lossKey;
    this.tracks.length = Math.min(this.tracks.length, names.length);
    while (this.tracks.length < names.length) this.tracks.push(new RunTrack());
    names.forEach((name, i) => {
      // Frames of the new experiment may arrive before its state: keep the latest frame, drop the history.
      if (lossChanged || this.runNames[i] !== name) this.tracks[i]!.clearHistory();
    });
    this.runNames = names;
    const paths = pathKey(experiment);
    if (state.replay || state.playing) this.instant.leave();
    // The first state counts as a change: a still lab opens with every run's whole path drawn.
    this.instant.experimentChanged(experiment, paths !== this.pathKey, this.still);
    this.pathKey = paths;
    this.scheduleTick();
    if (lossChanged) {
      this.lossKey = key;
      this.surface = null;
      // A network has no surface over Φ: the view shows its landscape plane instead (plane.svelte.ts).
      if (!experiment.loss.model) void this.requestSurface(key);
    }
    const early = this.early;
    this.early = [];
    for (const frame of early) if (frame && this.tracks[frame.run]) this.onFrame(frame);
    if (!this.historyAsked && this.api.history) {
      this.historyAsked = true;
      void this.requestHistory(this.api.history());
    }
    if (this.autoPlay) {
      this.autoPlay = false;
      if (!state.playing) void this.call(this.api.play(), 'Play');
    }
  }

  /** The runs' curves so far (a view that joined mid-run): its charts start whole, not at the present. */
  private async requestHistory(request: Promise<Reply>): Promise<void> {
    const reply = await this.call(request, "The runs' history");
    if (!reply?.ok || !reply.history) return;
    reply.history.forEach((history, i) => this.tracks[i]?.mergeHistory(history));
    this.scheduleTick();
  }

  private async requestSurface(key: string): Promise<void> {
    const reply = await this.call(this.api.surface(SURFACE_RESOLUTION), 'The loss surface');
    if (reply?.ok && reply.surface && key === this.lossKey) this.surface = reply.surface;
  }

  /**
   * A hot change of one run. Edits made faster than the lab answers build on each other (on the last
   * run sent, not on the last state received), so none is lost.
   */
  async updateRun(index: number, base: Run, change: (run: RunInput) => void): Promise<void> {
    this.runsEdited = true;
    const pending = this.pendingRuns[index];
    const run = JSON.parse(JSON.stringify(pending?.run ?? base)) as RunInput;
    change(run);
    const id = (pending?.id ?? 0) + 1;
    this.pendingRuns[index] = { id, run };
    await this.call(this.api.updateRun(index, run), base.name);
    if (this.pendingRuns[index]?.id === id) delete this.pendingRuns[index];
  }

  /**
   * A hot change of one field of one run. While one is on its way only the latest value waits; it is
   * sent when the lab has answered, so a dragged slider never queues changes up behind each other.
   */
  async patchRun(index: number, patch: RunPatch): Promise<void> {
    this.runsEdited = true;
    const key = `${index}:${patch.field}`;
    this.patching[key] = patch.value;
    if (this.patchesInFlight[key]) return;
    this.patchesInFlight[key] = true;
    try {
      let sent: RunPatch['value'] | undefined;
      while (this.patching[key] !== undefined && this.patching[key] !== sent) {
        sent = this.patching[key];
        const next = { field: patch.field, value: sent } as RunPatch;
        const reply = this.call(this.api.patchRun(index, next), this.experiment?.runs[index]?.name ?? 'The run');
        // Instant mode asks for the patched experiment's paths in the same hop (sent after the patch).
        const experiment = this.experiment;
        if (experiment?.runs[index]) this.instant.ahead(patchedExperiment(experiment, index, next), this.still);
        await reply;
      }
    } finally {
      delete this.patchesInFlight[key];
      delete this.patching[key];
    }
  }

  /** The value of a run's field as the view should show it: a patch on its way, else the lab's. */
  shown<T extends RunPatch['value']>(index: number, field: RunPatch['field'], fromLab: T): T {
    return (this.patching[`${index}:${field}`] as T | undefined) ?? fromLab;
  }

  /** Back to t = 0 (the lab stops there); if it was playing, it plays on. */
  async reset(): Promise<void> {
    const wasPlaying = this.state?.playing ?? false;
    const reply = await this.call(this.api.reset(), 'Reset');
    if (reply?.ok && wasPlaying && !this.state?.playing) await this.call(this.api.play(), 'Play');
  }

  private onFrame(frame: Frame): void {
    if (this.instant.holds(frame)) return;
    const track = this.tracks[frame.run];
    if (!track) {
      if (!this.state) this.early[frame.run] = frame;
      return;
    }
    const start = this.experiment?.runs[frame.run]?.start;
    // A first frame without positions: show the run at its start until it moves.
    if (frame.t === 0 && frame.positions.length === 0 && start && start.length === frame.dims)
      frame = { ...frame, positions: Float32Array.from(start) };
    track.push(frame);
    this.hook.frames++;
    this.unshown++;
    this.hook.lastT[frame.run] = frame.t;
    this.hook.lastLr[frame.run] = frame.lr;
    this.hook.particles[frame.run] = frame.dims > 0 ? frame.positions.length / frame.dims : 0;
    this.scheduleTick();
  }

  /** Tells the views the tracks changed (at the next animation frame). */
  scheduleTick(): void {
    if (this.tickPending) return;
    this.tickPending = true;
    const flush = () => {
      this.tickPending = false;
      this.frameTick++;
      if (this.unshown > 0) {
        // Fire and forget: pacing needs no answer, and a closed connection has nothing to pace.
        void this.api.framesShown?.(this.unshown);
        this.unshown = 0;
      }
      this.textThrottle.request();
      if (__SGD_LAB_E2E__)
        this.hook.charts = this.tracks.map((tr) => ({
          first: tr.t[0] ?? -1,
          last: tr.t.at(-1) ?? -1,
          points: tr.t.length,
        }));
    };
    if (document.visibilityState === 'visible') requestAnimationFrame(flush);
    else setTimeout(flush, 250);
  }
}
