/**
 * The Theory charts' history feed: the series it gives come from the host's history of every step,
 * whatever frames reached the page. The host side is the real `RunHistoryLog` fed every step result of
 * an annealed run (η halved at t = 3000), while the page's track gets only one frame in four (a paced,
 * slow view): the feed's series has every step, and the cut as a drop, where the track has gaps.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, LabState, Reply } from '../../shared/contract/lab';
import { RunHistoryLog } from '../../src-main/host/run-history';
import type { StepResult } from '../../src-main/host/protocol';
import { RunTrack } from '../../src-renderer/src/lib/tracks';
import { HistoryFeed, type HistoryStore } from '../../src-renderer/src/theory/history-feed';

const SPEED = 20;
/** The excess loss of the annealed run at step t, by hand: 0.04 until t = 3000, then half of it. */
const loss = (t: number) => (t <= 3000 ? 0.04 : 0.02);

function result(t: number): StepResult {
  const stats = {
    t,
    lr: t <= 3000 ? 0.04 : 0.02,
    loss: loss(t),
    lossMin: 0,
    lossMax: 1,
    examples: t,
    tau: 0,
    diverged: null,
  };
  return { stats, positions: new Float32Array([1, 1]), dims: 2 };
}
const frame = (r: StepResult): Frame => ({ run: 0, ...r.stats, diverged: 0, positions: r.positions, dims: 2 });

/** A lab with one run stepped to `end` by SPEED; the page's track sees every fourth frame. */
function lab(end: number, playing = true) {
  const log = new RunHistoryLog();
  const track = new RunTrack();
  let asked = 0;
  for (let t = 0, k = 0; t <= end; t += SPEED, k++) {
    log.push(result(t));
    if (k % 4 === 0) track.push(frame(result(t)));
  }
  const store: HistoryStore & { frameTick: number; state: LabState } = {
    api: {
      history: (): Promise<Reply> => {
        asked++;
        return Promise.resolve({ ok: true, history: [log.history()] });
      },
    },
    state: { experiment: null, playing, stepsPerFrame: SPEED, backend: 'cpu', runs: [] },
    frameTick: 1,
    tracks: [track],
  };
  return { store, track, asked: () => asked };
}

describe('the Theory charts’ history feed', () => {
  it('gives every step the host recorded, with the cut at t = 3000 as a drop, though most frames were dropped', async () => {
    const { store, track } = lab(4000);
    let redraws = 0;
    const feed = new HistoryFeed(store, () => redraws++);
    await feed.refresh();
    const run = feed.series(0)!;
    // Every step result 0, 20, …, 4000: 201 points, evenly 20 apart.
    expect(run.t.length).toBe(201);
    expect(run.t.slice(1).map((t, i) => t - run.t[i]!)).toEqual(new Array(200).fill(SPEED));
    // The cut: the last point at η = 0.04 is t = 3000, the next (t = 3020) has half the excess.
    const at = run.t.indexOf(3000);
    expect([run.loss[at], run.loss[at + 1]]).toEqual([0.04, 0.02]);
    expect(redraws).toBe(1);
    // The page's own track (one frame in four) has gaps of 80 steps and no point at 3020.
    expect(track.t.length).toBe(51);
    expect(track.t).not.toContain(3020);
  });

  it('asks while the runs play, once after a change while paused, never twice at once', async () => {
    const { store, asked } = lab(100, false);
    const feed = new HistoryFeed(store, () => undefined);
    await feed.refresh();
    await feed.refresh();
    expect(asked()).toBe(1); // paused, nothing new: no second ask
    store.frameTick++;
    await feed.refresh();
    expect(asked()).toBe(2); // a frame came (a step): asked again
    store.state = { ...store.state, playing: true };
    await Promise.all([feed.refresh(), feed.refresh()]);
    expect(asked()).toBe(3); // playing: asks, but one request at a time
    await feed.refresh();
    expect(asked()).toBe(4);
  });

  it('reads the page’s tracks where the lab has no history (a replay)', () => {
    const { store, track } = lab(100);
    const feed = new HistoryFeed({ ...store, api: {} }, () => undefined);
    expect(feed.live).toBe(false);
    expect(feed.series(0)).toBe(track);
  });
});
