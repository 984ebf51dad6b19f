/** A run's history from the lab joined with the frames a view got before it (a reload mid-run). */
import { describe, expect, it } from 'vitest';
import type { Frame, RunHistory } from '../../shared/contract/lab';
import { RunTrack } from '../../src-renderer/src/lib/tracks';

function frame(t: number, positions: number[] = [t, t]): Frame {
  return {
    run: 0,
    t,
    lr: 0.1,
    loss: 1 / (t + 1),
    lossMin: 0.5 / (t + 1),
    lossMax: 2 / (t + 1),
    examples: 4 * t,
    tau: 0.1 * t,
    diverged: 0,
    positions: new Float32Array(positions),
    dims: 2,
  };
}

function history(ts: number[], dims = 2): RunHistory {
  return {
    t: ts,
    lr: ts.map(() => 0.1),
    loss: ts.map((t) => 1 / (t + 1)),
    lossMin: ts.map((t) => 0.5 / (t + 1)),
    lossMax: ts.map((t) => 2 / (t + 1)),
    examples: ts.map((t) => 4 * t),
    tau: ts.map((t) => 0.1 * t),
    dims,
    path: ts.flatMap((t) => Array.from({ length: dims }, () => -t)),
  };
}

describe('RunTrack.mergeHistory', () => {
  it('puts the history before the frames a joining view already has, each t once', () => {
    const track = new RunTrack();
    track.push(frame(500));
    track.push(frame(510));
    const before = track.generation;
    track.mergeHistory(history([0, 100, 200, 300, 400, 500]));
    expect(track.t).toEqual([0, 100, 200, 300, 400, 500, 510]);
    expect(track.loss).toEqual(track.t.map((t) => 1 / (t + 1)));
    // The loss band's edges come along, from the history and from the frames alike.
    expect(track.lossMin).toEqual(track.t.map((t) => 0.5 / (t + 1)));
    expect(track.lossMax).toEqual(track.t.map((t) => 2 / (t + 1)));
    expect(track.examples).toEqual(track.t.map((t) => 4 * t));
    expect(track.generation).toBeGreaterThan(before);
    // The path: the history's first, then the frames'.
    expect(track.path.slice(0, 2)).toEqual([-0, -0]);
    expect(track.path.slice(-2)).toEqual([510, 510]);
    // Frames go on after it.
    track.push(frame(520));
    expect(track.t.slice(-2)).toEqual([510, 520]);
  });

  it('ignores a frame older than the history that came first', () => {
    const track = new RunTrack();
    track.mergeHistory(history([0, 10, 20, 30]));
    track.push(frame(25));
    track.push(frame(40));
    expect(track.t).toEqual([0, 10, 20, 30, 40]);
  });

  it('interleaves points on both sides and takes the history of a 1-D run', () => {
    const track = new RunTrack();
    track.mergeHistory(history([0, 2, 4], 1));
    expect(track.dims).toBe(1);
    track.push({ ...frame(6, [3]), dims: 1 });
    expect(track.t).toEqual([0, 2, 4, 6]);
    const other = new RunTrack();
    other.push(frame(3));
    other.mergeHistory(history([0, 2, 4, 6]));
    expect(other.t).toEqual([0, 2, 3, 4, 6]);
  });

  it('leaves a track of other dimensions alone', () => {
    const track = new RunTrack();
    track.push(frame(5));
    track.mergeHistory(history([0, 1], 3));
    expect(track.t).toEqual([5]);
  });
});
