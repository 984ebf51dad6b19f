import { describe, expect, it } from 'vitest';
import { Throttle, type Clock } from '../../src-renderer/src/lib/throttle';

/** A hand-driven clock: `advance` runs the timers that fall due, in order. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    later: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    cancel: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('Throttle', () => {
  it('runs the first request at once', () => {
    const { clock } = manualClock();
    const calls: number[] = [];
    const t = new Throttle(100, () => calls.push(clock.now()), clock);
    t.request();
    expect(calls).toEqual([0]);
  });

  it('runs at most once per period, and once after the last request', () => {
    const { clock, advance } = manualClock();
    const calls: number[] = [];
    const t = new Throttle(100, () => calls.push(clock.now()), clock);
    // A request every 16 ms for 500 ms (a 60 Hz stream).
    for (let ms = 0; ms <= 500; ms += 16) {
      t.request();
      advance(16);
    }
    advance(1000);
    // Calls 100 ms apart; the last request (at 496 ms) is answered by the call at 500 ms.
    expect(calls).toEqual([0, 100, 200, 300, 400, 500]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('never leaves a request unanswered', () => {
    const { clock, advance, pending } = manualClock();
    let calls = 0;
    const t = new Throttle(100, () => calls++, clock);
    t.request();
    advance(30);
    t.request();
    t.request();
    expect(calls).toBe(1);
    expect(pending()).toBe(1);
    advance(70);
    expect(calls).toBe(2);
    expect(pending()).toBe(0);
  });

  it('cancel drops the call on its way', () => {
    const { clock, advance } = manualClock();
    let calls = 0;
    const t = new Throttle(100, () => calls++, clock);
    t.request();
    t.request();
    t.cancel();
    advance(500);
    expect(calls).toBe(1);
  });
});
