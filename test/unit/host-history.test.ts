/**
 * A run's history for a view that joins mid-run: the bounded log (evenly thinned, the latest always
 * last) and the host's `history` command, checked against the fake engine's closed form
 * (SGD on ½‖Φ‖² from Φ₀: Φ_t = (1 − η)^t Φ₀, loss ½‖Φ₀‖²(1 − η)^{2t}).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_POINTS, type RunHistory } from '../../shared/contract/lab';
import { LabHost } from '../../src-main/host/lab-host';
import { RunHistoryLog } from '../../src-main/host/run-history';
import type { StepResult } from '../../src-main/host/protocol';
import { engineModule, quadraticSpec } from './lab-fixtures';

function result(t: number, withPosition = true): StepResult {
  return {
    stats: { t, lr: 0.1, loss: 1 / (t + 1), lossMin: 0, lossMax: 2, examples: 4 * t, tau: 0.1 * t, diverged: null },
    positions: withPosition ? Float32Array.from([t, -t]) : new Float32Array(0),
    dims: 2,
  };
}

describe('run history log', () => {
  it('keeps every step while under its cap, the first particle path alongside', () => {
    const log = new RunHistoryLog(100);
    for (let t = 0; t <= 50; t++) log.push(result(t, t % 2 === 0));
    const h = log.history();
    expect(h.t).toEqual(Array.from({ length: 51 }, (_, t) => t));
    expect(h.loss[10]).toBe(1 / 11);
    expect(h.examples[7]).toBe(28);
    expect(h.dims).toBe(2);
    // Only the even steps carried positions.
    expect(h.path.length).toBe(2 * 26);
    expect(h.path.slice(0, 4)).toEqual([0, -0, 2, -2]);
  });

  it('stays within its cap by thinning evenly, from t = 0 to the latest step', () => {
    const cap = 64;
    const log = new RunHistoryLog(cap);
    for (let t = 0; t <= 10_000; t++) log.push(result(t));
    const h = log.history();
    expect(h.t.length).toBeLessThanOrEqual(cap + 1);
    expect(h.t.length).toBeGreaterThan(cap / 2);
    expect(h.t[0]).toBe(0);
    expect(h.t[h.t.length - 1]).toBe(10_000);
    const gaps = new Set(h.t.slice(1, -1).map((t, i) => t - h.t[i]!));
    expect(gaps.size).toBe(1);
    h.t.forEach((t, i) => expect(h.loss[i]).toBe(1 / (t + 1)));
  });

  it('replaces the latest on a refresh at the same step and starts again on an earlier one', () => {
    const log = new RunHistoryLog(10);
    for (let t = 0; t <= 5; t++) log.push(result(t));
    log.push({ ...result(5), stats: { ...result(5).stats, lr: 0.5 } });
    expect(log.history().t).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.history().lr[5]).toBe(0.5);
    log.push(result(0));
    expect(log.history().t).toEqual([0]);
  });
});

let host: LabHost;
afterEach(() => host?.close());

describe('history command', () => {
  it('gives each run its curve from t = 0, equal to the closed form', async () => {
    host = new LabHost({ engineModule, size: 2 });
    const runs = [
      { name: 'A', optimizer: { type: 'sgd', lr: 0.1 }, start: [1, 2], particles: 2 },
      { name: 'B', optimizer: { type: 'sgd', lr: 0.2 }, start: [2, 0], particles: 1 },
    ];
    expect((await host.handle({ type: 'load', spec: quadraticSpec(runs, { steps: 5000 }) })).ok).toBe(true);
    for (let k = 0; k < 30; k++) await host.handle({ type: 'step', n: 7 });
    const reply = await host.handle({ type: 'history' });
    if (!reply.ok) throw new Error(reply.error);
    const history = reply.history as RunHistory[];
    expect(history).toHaveLength(2);
    runs.forEach((run, r) => {
      const h = history[r]!;
      expect(h.t).toEqual(Array.from({ length: 31 }, (_, k) => 7 * k));
      const norm2 = run.start[0]! ** 2 + run.start[1]! ** 2;
      h.t.forEach((t, i) => {
        expect(h.loss[i]).toBeCloseTo(0.5 * norm2 * (1 - run.optimizer.lr) ** (2 * t), 5);
        expect(h.lr[i]).toBe(run.optimizer.lr);
        expect(h.tau[i]).toBeCloseTo(run.optimizer.lr * t, 9);
      });
    });
    expect(history[0]!.t.length).toBeLessThanOrEqual(HISTORY_POINTS);
  });

  it('starts again after a reset', async () => {
    host = new LabHost({ engineModule, size: 1 });
    const runs = [{ name: 'A', optimizer: { type: 'sgd', lr: 0.1 }, start: [1, 2] }];
    await host.handle({ type: 'load', spec: quadraticSpec(runs) });
    await host.handle({ type: 'step', n: 10 });
    await host.handle({ type: 'reset' });
    const reply = await host.handle({ type: 'history' });
    expect(reply.ok && reply.history?.[0]?.t).toEqual([0]);
  });
});
