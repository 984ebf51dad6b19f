/** What the view keeps of each run's frames: history, first particle's path, restarts and thinning. */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { RunTrack } from '../../src-renderer/src/lib/tracks';

function frame(t: number, positions: number[], dims = 2, extra: Partial<Frame> = {}): Frame {
  return {
    run: 0,
    t,
    lr: 0.1,
    loss: 1 / (t + 1),
    lossMin: 0,
    lossMax: 1,
    examples: 4 * t,
    tau: 0.1 * t,
    diverged: 0,
    positions: new Float32Array(positions),
    dims,
    ...extra,
  };
}

describe('RunTrack', () => {
  it('records each step once, with all its time axes', () => {
    const track = new RunTrack();
    track.push(frame(0, [1, 2]));
    track.push(frame(1, [1.5, 2]));
    track.push(frame(1, [1.5, 2])); // the same step again (e.g. a paused redraw)
    track.push(frame(2, [2, 2.5, 9, 9]));
    expect(track.t).toEqual([0, 1, 2]);
    expect(track.loss).toEqual([1, 1 / 2, 1 / 3]);
    expect(track.lr).toEqual([0.1, 0.1, 0.1]);
    expect(track.examples).toEqual([0, 4, 8]);
    expect(track.tau).toEqual([0, 0.1, 0.2]);
    expect(track.last?.t).toBe(2);
    // Only the first particle's positions make the path.
    expect(track.path).toEqual([1, 2, 1.5, 2, 2, 2.5]);
  });

  it('does not repeat a path point when the particle stands still, nor add non-finite ones', () => {
    const track = new RunTrack();
    track.push(frame(0, [1, 1]));
    track.push(frame(1, [1, 1]));
    track.push(frame(2, [Number.NaN, 1]));
    track.push(frame(3, [2, Infinity]));
    track.push(frame(4, [3, 3]));
    expect(track.path).toEqual([1, 1, 3, 3]);
    expect(track.t).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts over at t = 0 and when time goes back, and says so by the generation', () => {
    const track = new RunTrack();
    track.push(frame(0, [0, 0]));
    track.push(frame(5, [1, 1]));
    const g = track.generation;
    track.push(frame(3, [2, 2])); // a reset that skipped t = 0
    expect(track.t).toEqual([3]);
    expect(track.path).toEqual([2, 2]);
    expect(track.generation).toBeGreaterThan(g);
    const g2 = track.generation;
    track.push(frame(7, [3, 3]));
    track.push(frame(0, [4, 4]));
    expect(track.t).toEqual([0]);
    expect(track.path).toEqual([4, 4]);
    expect(track.generation).toBeGreaterThan(g2);
  });

  it('starts over when the number of parameters changes', () => {
    const track = new RunTrack();
    track.push(frame(0, [0, 0]));
    track.push(frame(1, [1, 1]));
    track.push(frame(2, [5], 1));
    expect(track.dims).toBe(1);
    expect(track.t).toEqual([2]);
    expect(track.path).toEqual([5]);
  });

  it('clearHistory keeps the frame on screen; clear forgets it too', () => {
    const track = new RunTrack();
    track.push(frame(0, [0, 0]));
    track.push(frame(1, [1, 1]));
    track.clearHistory();
    expect(track.t).toEqual([]);
    expect(track.path).toEqual([]);
    expect(track.last?.t).toBe(1);
    track.clear();
    expect(track.last).toBeNull();
  });

  it('thins the history by half past 4000 steps, keeping the first and the latest', () => {
    const track = new RunTrack();
    for (let t = 0; t <= 4000; t++) track.push(frame(t, [0, 0]));
    // 4001 steps: the even ones (0, 2, …, 4000) stay.
    expect(track.t).toHaveLength(2001);
    expect(track.t[0]).toBe(0);
    expect(track.t[1]).toBe(2);
    expect(track.t.at(-1)).toBe(4000);
    expect(track.loss[1]).toBe(1 / 3);
    expect(track.examples.at(-1)).toBe(16000);
    expect(track.t.every((t, i) => i === 0 || t > track.t[i - 1]!)).toBe(true);
    track.push(frame(4001, [0, 0]));
    expect(track.t.at(-1)).toBe(4001);
  });

  it('thins the path by half past 8000 points and bumps the generation', () => {
    const track = new RunTrack();
    for (let t = 0; t < 8000; t++) track.push(frame(t, [t, -t]));
    expect(track.path).toHaveLength(16000);
    const g = track.generation;
    track.push(frame(8000, [8000, -8000]));
    expect(track.generation).toBe(g + 1);
    // 8001 points: the even ones stay, 0 … 8000.
    expect(track.path).toHaveLength(2 * 4001);
    expect(track.path.slice(0, 4)).toEqual([0, -0, 2, -2]);
    expect(track.path.slice(-2)).toEqual([8000, -8000]);
  });
});
