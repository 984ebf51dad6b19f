/** The transports' shared listener sets: frames fan out, the latest state replays to a late listener. */
import { expect, it } from 'vitest';
import type { Frame, LabState } from '../../shared/contract/lab';
import { createLabListeners } from '../../shared/contract/listeners';

const state = (playing: boolean): LabState => ({ experiment: null, playing, stepsPerFrame: 1, backend: 'x', runs: [] });

it('fans frames out, replays the latest state to a late listener, and unsubscribes', () => {
  const listeners = createLabListeners();
  const early: LabState[] = [];
  const frames: number[] = [];
  const offEarly = listeners.onState((s) => early.push(s));
  listeners.onFrame((f) => frames.push(f.t));
  expect(listeners.lastState).toBeNull();
  listeners.emitState(state(false));
  listeners.emitState(state(true));
  listeners.emitFrame({ t: 7 } as Frame);
  expect(early.map((s) => s.playing)).toEqual([false, true]);
  expect(frames).toEqual([7]);
  const late: LabState[] = [];
  listeners.onState((s) => late.push(s));
  expect(late.map((s) => s.playing)).toEqual([true]);
  offEarly();
  listeners.emitState(state(false));
  expect(early).toHaveLength(2);
  expect(late).toHaveLength(2);
  expect(listeners.lastState?.playing).toBe(false);
});

it('replays each run’s latest frame to a late frame listener, once per run', () => {
  const listeners = createLabListeners();
  listeners.emitFrame({ run: 0, t: 1 } as Frame);
  listeners.emitFrame({ run: 1, t: 1 } as Frame);
  listeners.emitFrame({ run: 0, t: 2 } as Frame);
  const late: [number, number][] = [];
  listeners.onFrame((f) => late.push([f.run, f.t]));
  expect(late).toEqual([
    [0, 2],
    [1, 1],
  ]);
  listeners.emitFrame({ run: 1, t: 3 } as Frame);
  expect(late.at(-1)).toEqual([1, 3]);
});
