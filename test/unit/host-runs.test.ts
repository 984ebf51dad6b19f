/**
 * The lab host with a plain-JS fake engine in real worker threads: hot changes, faults, reset.
 * The fake does SGD on ½‖Φ‖², so one step maps Φ to (1 − η)Φ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame, LabState } from '../../shared/contract/lab';
import { availableParallelism } from 'node:os';
import { LabHost } from '../../src-main/host/lab-host';
import { WorkerPool } from '../../src-main/host/worker-pool';

const engineModule = new URL('../../src-main/host/fake-engine.ts', import.meta.url).href;

function experiment(names: string[], steps = 1000) {
  return {
    version: 1,
    seed: 1,
    steps,
    loss: {
      expr: 'x^2 + y^2',
      domain: [
        [-3, 3],
        [-3, 3],
      ],
    },
    runs: names.map((name) => ({ name, optimizer: { type: 'sgd', lr: 0.1 }, start: [1, 2], particles: 3 })),
  };
}

let host: LabHost;
afterEach(() => host?.close());

function collect(h: LabHost) {
  const frames: Frame[] = [];
  const states: LabState[] = [];
  h.onFrame((f) => frames.push({ ...f, positions: f.positions.slice() }));
  h.onState((s) => states.push(s));
  return { frames, states, last: (run: number) => frames.filter((f) => f.run === run).at(-1) };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('lab host', () => {
  it('never has more workers than cores', () => {
    expect(new WorkerPool({ size: 10_000 }).size).toBeLessThanOrEqual(availableParallelism());
  });

  it('applies a hot learning-rate change at the next step, without a reset', async () => {
    host = new LabHost({ engineModule, size: 2 });
    const seen = collect(host);
    expect((await host.handle({ type: 'load', spec: experiment(['A', 'B']) })).ok).toBe(true);
    expect((await host.handle({ type: 'step', n: 2 })).ok).toBe(true);
    const x2 = 0.9 ** 2;
    expect(Array.from(seen.last(0)!.positions)).toEqual(
      Array.from(Float32Array.from([x2, 2 * x2, x2, 2 * x2, x2, 2 * x2])),
    );
    const reply = await host.handle({
      type: 'updateRun',
      index: 0,
      run: { name: 'A', optimizer: { type: 'sgd', lr: 0.5 }, start: [1, 2], particles: 3 },
    });
    expect(reply.ok).toBe(true);
    await host.handle({ type: 'step', n: 1 });
    const a = seen.last(0)!;
    expect(a.t).toBe(3);
    expect(a.lr).toBe(0.5);
    expect(a.positions[0]).toBeCloseTo(x2 * 0.5, 6);
    expect(a.positions[1]).toBeCloseTo(2 * x2 * 0.5, 6);
    // The other run kept its own rate.
    expect(seen.last(1)!.positions[0]).toBeCloseTo(0.9 ** 3, 6);
  });

  it('marks a run whose engine throws as failed, keeps the others going, and reset restarts it', async () => {
    host = new LabHost({ engineModule, size: 2, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: experiment(['ok', 'boom'], 50) });
    await host.handle({ type: 'speed', stepsPerFrame: 1 });
    await host.handle({ type: 'play' });
    await until(() => host.state().runs[0]!.status === 'done');
    const state = host.state();
    expect(state.runs[1]).toMatchObject({ status: 'failed', reason: expect.stringContaining('boom') });
    expect(seen.last(0)!.t).toBe(50);
    expect(state.playing).toBe(false);
    await host.handle({ type: 'reset' });
    expect(host.state().runs.map((r) => r.status)).toEqual(['paused', 'paused']);
    await host.handle({ type: 'step', n: 2 });
    expect(seen.last(1)!.t).toBe(2);
  });

  it('survives a worker that dies: its run fails with the reason, the other runs go on', async () => {
    host = new LabHost({ engineModule, size: 2, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: experiment(['ok', 'die'], 30) });
    await host.handle({ type: 'play' });
    await until(() => host.state().runs[0]!.status === 'done' && host.state().runs[1]!.status === 'failed');
    expect(host.state().runs[1]!.reason).toMatch(/worker/);
    expect(seen.last(0)!.t).toBe(30);
    await host.handle({ type: 'reset' });
    expect(host.state().runs[1]!.status).toBe('paused');
  });

  it('keeps computing while the view is hidden, without sending frames', async () => {
    host = new LabHost({ engineModule, size: 1, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: experiment(['A']) });
    await host.handle({ type: 'visibility', visible: false });
    const before = seen.frames.length;
    await host.handle({ type: 'play' });
    await new Promise((r) => setTimeout(r, 300));
    await host.handle({ type: 'pause' });
    expect(seen.frames.length).toBe(before);
    await host.handle({ type: 'visibility', visible: true });
    await host.handle({ type: 'step', n: 1 });
    expect(seen.last(0)!.t).toBeGreaterThan(20);
  });

  it('answers malformed and out-of-range commands with errors', async () => {
    host = new LabHost({ engineModule, size: 1 });
    await host.handle({ type: 'load', spec: experiment(['A']) });
    for (const bad of [null, 42, { type: 'nope' }, { type: 'step', n: -1 }, { type: 'step', n: 1, extra: 1 }]) {
      const reply = await host.handle(bad);
      expect(reply.ok).toBe(false);
    }
    expect(await host.handle({ type: 'removeRun', index: 5 })).toMatchObject({ ok: false });
    const invalid = await host.handle({ type: 'load', spec: { steps: 0 } });
    expect(invalid.ok).toBe(false);
    expect(host.state().experiment?.runs[0]?.name).toBe('A');
  });

  it('adds, duplicates and removes runs, exports a recording and computes a surface', async () => {
    host = new LabHost({ engineModule, size: 2 });
    await host.handle({ type: 'load', spec: experiment(['A']) });
    await host.handle({ type: 'duplicateRun', index: 0 });
    await host.handle({ type: 'addRun', run: { name: 'C', optimizer: { type: 'sgd', lr: 0.2 }, start: [0, 1] } });
    expect(host.state().runs.map((r) => r.name)).toEqual(['A', 'A (copy)', 'C']);
    await host.handle({ type: 'removeRun', index: 1 });
    await host.handle({ type: 'step', n: 3 });
    const reply = await host.handle({ type: 'export' });
    const rec = (
      reply as { recording: { format: string; runs: { name: string; t: number[]; final: { t: number } }[] } }
    ).recording;
    expect(rec.format).toBe('sgd-lab/recording');
    expect(rec.runs.map((r) => r.name)).toEqual(['A', 'C']);
    expect(rec.runs[0]!.t).toEqual([0, 1, 2, 3]);
    expect(rec.runs[1]!.final.t).toBe(3);
    const surface = await host.handle({ type: 'surface', resolution: 5 });
    expect(surface.ok && surface.surface?.values.length).toBe(25);
  });
});
