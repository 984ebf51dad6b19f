/**
 * The runs' full histories as the Theory charts draw them. The host keeps every step result of every
 * run (thinned evenly past `HISTORY_POINTS`, see src-main/host/run-history.ts); the frames that reach
 * the page are fewer (the server's pacing keeps only each run's latest while a slow view draws), so a
 * chart built from them loses points and draws straight lines across the gaps. This feed asks the lab
 * for the histories again while the runs move, at most one request at a time, and falls back to the
 * page's own tracks only where the lab has no history to give (a replay).
 */
import type { LabApi, LabState, RunHistory } from '../../../shared/contract/lab';
import type { RunTrack } from '../lib/tracks';

/** What a time chart reads of one run: its steps and, at each, the loss and the other time axes. */
export type RunSeries = Pick<RunHistory, 't' | 'lr' | 'loss' | 'lossMin' | 'lossMax' | 'examples' | 'tau'>;

/** What the feed needs of the view's store. */
export interface HistoryStore {
  readonly api: Pick<LabApi, 'history'>;
  readonly state: LabState | null;
  /** Bumped whenever frames or a state arrived. */
  readonly frameTick: number;
  readonly tracks: RunTrack[];
}

/** How often the feed looks whether to ask again (ms). */
export const HISTORY_EVERY_MS = 400;

export class HistoryFeed {
  /** Each run's history as last received (empty until the first reply). */
  runs: RunHistory[] = [];
  private inFlight = false;
  private lastStamp = '';
  private stopped = false;

  constructor(
    private readonly store: HistoryStore,
    /** Called when new histories arrived (the chart redraws). */
    private readonly changed: () => void,
  ) {}

  /** Whether the lab gives histories (a replay does not: the charts then read the page's tracks). */
  get live(): boolean {
    return this.store.api.history !== undefined;
  }

  /** Run i's series: the lab's history, or the page's track where the lab has none. */
  series(i: number): RunSeries | undefined {
    return this.live ? this.runs[i] : this.store.tracks[i];
  }

  /** Asks every `ms` while the runs play, and once more after anything changed; returns the stop. */
  start(ms = HISTORY_EVERY_MS): () => void {
    void this.refresh();
    const id = setInterval(() => void this.refresh(), ms);
    return () => {
      this.stopped = true;
      clearInterval(id);
    };
  }

  /**
   * One look: asks the lab for the histories when the runs play or something arrived since the last
   * ask (and none is on its way). Resolves when the answer is in.
   */
  async refresh(): Promise<void> {
    if (!this.live || this.inFlight || this.stopped) return;
    const playing = this.store.state?.playing ?? false;
    const stamp = `${this.store.frameTick}:${playing}`;
    if (!playing && stamp === this.lastStamp) return;
    this.lastStamp = stamp;
    this.inFlight = true;
    try {
      const reply = await this.store.api.history!();
      if (reply.ok && reply.history && !this.stopped) {
        this.runs = reply.history;
        this.changed();
      }
    } catch {
      // A lab that went away has nothing more to give; the page says so elsewhere.
    } finally {
      this.inFlight = false;
    }
  }
}
