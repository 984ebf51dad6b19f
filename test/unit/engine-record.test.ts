/**
 * recordRun (src-main/engine/record.ts) on a hand-made engine whose numbers are known: the recorded
 * steps, and a run whose engine throws mid-way, which ends at its last recorded step with every
 * particle counted as stopped instead of failing the whole experiment.
 */
import { describe, expect, it } from 'vitest';
import type { RunEngine, RunStats } from '../../src-main/engine/api';
import { recordedSteps, recordRun } from '../../src-main/engine/record';
import type { Run } from '../../shared/spec/experiment';

/** x_t = x_0 · 0.5^t for two particles in 1-D; L = x²; throws when asked to pass `failAt`. */
function halvingEngine(failAt = Infinity): RunEngine {
  let t = 0;
  const x0 = [4, -2];
  const x = () => x0.map((v) => v * 0.5 ** t);
  const run = { name: 'halving', start: [0], particles: 2 } as unknown as Run;
  return {
    run,
    get t() {
      return t;
    },
    step(n: number) {
      if (t + n > failAt) {
        t = failAt;
        throw new Error('the backend ran out of memory');
      }
      t += n;
    },
    stats(): RunStats {
      const xs = x();
      const losses = xs.map((v) => v * v);
      return {
        t,
        lr: 0.25,
        loss: (losses[0]! + losses[1]!) / 2,
        lossMin: Math.min(...losses),
        lossMax: Math.max(...losses),
        examples: t,
        tau: 0.25 * t,
        diverged: null,
      };
    },
    positions: (max: number) => Float32Array.from(x().slice(0, max)),
    update() {},
    dispose() {},
  };
}

describe('recordRun', () => {
  it('records t = 0, every `every` steps and the last, with the engine’s statistics', () => {
    expect(recordedSteps(10, 4)).toEqual([0, 4, 8, 10]);
    const rec = recordRun(halvingEngine(), { steps: 10, every: 4, particles: 1 });
    expect(rec.t).toEqual([0, 4, 8, 10]);
    expect(rec.tau).toEqual([0, 1, 2, 2.5]);
    // L = (16 + 4)/2 · 0.25^t
    expect(rec.loss).toEqual([10, 10 / 256, 10 / 65536, 10 / 1048576]);
    expect(rec.positions).toEqual([[[4]], [[0.25]], [[4 / 256]], [[4 / 1024]]]);
    expect(rec.final).toEqual({ t: 10, positions: [[4 / 1024], [-2 / 1024]], loss: 10 / 1048576 });
    expect(rec.diverged).toBeNull();
  });

  it('without onError, an engine that throws fails the call', () => {
    expect(() => recordRun(halvingEngine(6), { steps: 10, every: 4, particles: 1 })).toThrow(/out of memory/);
  });

  it('with onError, a throwing engine ends the run at its last recorded step, every particle stopped', () => {
    const seen: [string, number][] = [];
    const rec = recordRun(halvingEngine(6), {
      steps: 10,
      every: 4,
      particles: 1,
      onError: (error, t) => seen.push([error.message, t]),
    });
    expect(seen).toEqual([['the backend ran out of memory', 4]]);
    expect(rec.t).toEqual([0, 4]);
    expect(rec.final).toEqual({ t: 4, positions: [[0.25]], loss: 10 / 256 });
    expect(rec.diverged).toEqual({ step: 4, particles: 2 });
  });
});
