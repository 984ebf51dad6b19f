/**
 * One run core (issue #19): the same experiment stepped and recorded by the one loop (engine/record.ts)
 * over the compiled backend's RunSets (its threaded set on 1 and 2 threads, and an EngineSet of the
 * lab's per-run ensembles) gives the same recording to the last bit, and it follows a float64
 * momentum loop written here from SPEC §3 (v = β v + η g, Φ −= v, β = 1 − 1/N, exact gradient).
 */
import { describe, expect, it } from 'vitest';
import type { Recording } from '../../shared/experiment/recording';
import { CompiledEnsemble } from '../../src-main/engine/compiled/ensemble';
import { CompiledRunSet } from '../../src-main/engine/compiled/parallel-runner';
import { EngineSet } from '../../src-main/engine/engine-set';
import { NO_DATA } from '../../src-main/engine/loss/loss-data';
import { recordExperiment } from '../../src-main/engine/record';
import { experiment } from './engine-helpers';

const LR = 0.05;
const N = 4;
/** L = ½(x − 1)² + 1.5(y + 2)², so g = (x − 1, 3(y + 2)). */
const exp = experiment({
  version: 1,
  seed: 1,
  steps: 23,
  record: { every: 5, particles: 3 },
  loss: {
    expr: '0.5 * (x - 1)^2 + 1.5 * (y + 2)^2',
    params: ['x', 'y'],
    domain: [
      [-3, 3],
      [-4, 2],
    ],
  },
  runs: [
    // More than 2048 particles in all: the threaded set really splits them.
    { name: 'heavy ball', optimizer: { type: 'momentum', lr: LR, N }, start: [2, 1], particles: 2100 },
    { name: 'too fast', optimizer: { type: 'sgd', lr: 0.9 }, start: [2, 1], spread: 1e150, particles: 5 },
  ],
});

/** The float64 reference of the heavy ball at each step 0 … steps: position and loss. */
function reference(steps: number): { x: number; y: number; L: number }[] {
  let [x, y] = [2, 1];
  let [vx, vy] = [0, 0];
  const beta = 1 - 1 / N;
  const out = [{ x, y, L: 0.5 * (x - 1) ** 2 + 1.5 * (y + 2) ** 2 }];
  for (let t = 1; t <= steps; t++) {
    vx = beta * vx + LR * (x - 1);
    vy = beta * vy + LR * 3 * (y + 2);
    x -= vx;
    y -= vy;
    out.push({ x, y, L: 0.5 * (x - 1) ** 2 + 1.5 * (y + 2) ** 2 });
  }
  return out;
}

describe('one run core', () => {
  it('threads 1 and 2 and the per-run ensembles record the same bits; the heavy ball follows the float64 loop', async () => {
    const threaded = (threads: number) => recordExperiment(CompiledRunSet.create(exp, NO_DATA, threads), exp);
    const perRun = new EngineSet(
      exp.runs.map((_, i) => new CompiledEnsemble(exp, i, NO_DATA)),
      { precise: true },
    );
    const [one, two, live] = await Promise.all([threaded(1), threaded(2), recordExperiment(perRun, exp)]);
    const text = (runs: Recording['runs']) => JSON.stringify(runs);
    expect(text(two)).toBe(text(one));
    expect(text(live)).toBe(text(one));

    const [ball, fast] = one;
    const ref = reference(exp.steps);
    expect(ball!.t).toEqual([0, 5, 10, 15, 20, 23]);
    expect(ball!.lr).toEqual([LR, LR, LR, LR, LR, LR]);
    ball!.t.forEach((t, k) => expect(ball!.tau[k]).toBeCloseTo(LR * t, 12));
    ball!.t.forEach((t, k) => {
      expect(ball!.loss[k]).toBeCloseTo(ref[t]!.L, 12);
      for (const [x, y] of ball!.positions[k]!) {
        expect(x).toBeCloseTo(ref[t]!.x, 12);
        expect(y).toBeCloseTo(ref[t]!.y, 12);
      }
    });
    expect(ball!.final.positions).toHaveLength(2100);
    expect(ball!.diverged).toBeNull();
    // η = 0.9 multiplies y + 2 by 1 − 2.7 each step: from ~1e150, L overflows within 10 steps, every particle stops.
    expect(fast!.diverged?.particles).toBe(5);
    expect(fast!.final.loss).toBeNull();
  });
});
