/**
 * The one recording loop (src-main/engine/record.ts) on hand-made engines whose numbers are known:
 * the recorded steps, a run whose engine throws mid-way (it ends at its last recorded step with every
 * particle counted as stopped; the other runs of the set go on), and the lab's recorder (a thin
 * wrapper over the same loop) giving the same entry, packed, mid-run included.
 */
import { describe, expect, it } from 'vitest';
import type { RunCore, RunStats } from '../../src-main/engine/api';
import { EngineSet } from '../../src-main/engine/engine-set';
import { recordedSteps, recordExperiment } from '../../src-main/engine/record';
import { RunRecorder } from '../../src-main/host/run-recorder';
import { PackedPositions } from '../../shared/experiment/packed-positions';
import type { Run } from '../../shared/experiment/experiment';

/** x_t = x_0 · 0.5^t for two particles in 1-D; L = x²; throws when asked to pass `failAt`. */
function halvingEngine(failAt = Infinity, name = 'halving'): RunCore {
  let t = 0;
  const x0 = [4, -2];
  const x = () => x0.map((v) => v * 0.5 ** t);
  const run = { name, start: [0], particles: 2 } as unknown as Run;
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
    read(max: number) {
      const xs = x();
      const losses = xs.map((v) => v * v);
      const stats: RunStats = {
        t,
        lr: 0.25,
        loss: (losses[0]! + losses[1]!) / 2,
        lossMin: Math.min(...losses),
        lossMax: Math.max(...losses),
        examples: t,
        tau: 0.25 * t,
        diverged: null,
      };
      return { stats, positions: Float32Array.from(xs.slice(0, max)) };
    },
    setHyper() {},
    dispose() {},
  };
}

/** The part of an experiment the loop reads: steps, record.every/particles, D. */
const spec = (steps: number, every: number, particles: number) => ({
  steps,
  record: { every, particles },
  loss: { params: ['x'] },
});
type Spec = Parameters<typeof recordExperiment>[1];

describe('recordExperiment', () => {
  it('records t = 0, every `every` steps and the last, with the engine’s statistics', async () => {
    expect(recordedSteps(10, 4)).toEqual([0, 4, 8, 10]);
    const [rec] = await recordExperiment(new EngineSet([halvingEngine()]), spec(10, 4, 1) as Spec);
    expect(rec!.t).toEqual([0, 4, 8, 10]);
    expect(rec!.tau).toEqual([0, 1, 2, 2.5]);
    // L = (16 + 4)/2 · 0.25^t
    expect(rec!.loss).toEqual([10, 10 / 256, 10 / 65536, 10 / 1048576]);
    expect(rec!.positions).toEqual([[[4]], [[0.25]], [[4 / 256]], [[4 / 1024]]]);
    expect(rec!.final).toEqual({ t: 10, positions: [[4 / 1024], [-2 / 1024]], loss: 10 / 1048576 });
    expect(rec!.diverged).toBeNull();
  });

  it('without isolation, an engine that throws fails the call', async () => {
    await expect(recordExperiment(new EngineSet([halvingEngine(6)]), spec(10, 4, 1) as Spec)).rejects.toThrow(
      /out of memory/,
    );
  });

  it('isolated, a throwing engine ends its run at its last recorded step, every particle stopped; the others go on', async () => {
    const seen: [number, string, number][] = [];
    const set = new EngineSet([halvingEngine(), halvingEngine(6, 'failing')], { isolate: true });
    const [ok, rec] = await recordExperiment(set, spec(10, 4, 1) as Spec, {
      onError: (i, error, t) => seen.push([i, error.message, t]),
    });
    expect(seen).toEqual([[1, 'the backend ran out of memory', 4]]);
    expect(rec!.name).toBe('failing');
    expect(rec!.t).toEqual([0, 4]);
    expect(rec!.final).toEqual({ t: 4, positions: [[0.25]], loss: 10 / 256 });
    expect(rec!.diverged).toEqual({ step: 4, particles: 2 });
    expect(ok!.t).toEqual([0, 4, 8, 10]);
    expect(ok!.final.t).toBe(10);
  });

  it('the lab’s recorder is the same loop: at t = 10 its packed entry equals the whole recording', async () => {
    const [whole] = await recordExperiment(new EngineSet([halvingEngine()]), spec(10, 4, 1) as Spec);
    const live = await RunRecorder.start(halvingEngine(), 4, 1, 1, 2);
    await live.advance(3);
    await live.advance(7, 2);
    const packed = await live.result();
    const revived = {
      ...packed,
      positions: PackedPositions.from(packed.positions).toJSON(),
      final: { ...packed.final, positions: PackedPositions.from(packed.final.positions).toJSON() },
    };
    expect(revived).toEqual(whole);
    // Mid-run (t = 5): the recorded steps 0 and 4 and the current one, not kept.
    const mid = await RunRecorder.start(halvingEngine(), 4, 1, 1);
    await mid.advance(5);
    expect((await mid.result()).t).toEqual([0, 4, 5]);
    await mid.advance(3);
    expect((await mid.result()).t).toEqual([0, 4, 8]);
  });
});
