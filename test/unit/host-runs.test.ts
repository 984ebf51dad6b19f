/**
 * The lab host with a plain-JS fake engine in real worker threads: hot changes, faults, reset.
 * The fake does SGD on ½‖Φ‖², so one step maps Φ to (1 − η)Φ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabHost } from '../../src-main/host/lab-host';
import { WorkerPool } from '../../src-main/host/worker-pool';
import { collect, engineModule, quadraticSpec, until } from './lab-fixtures';

function experiment(names: string[], steps = 1000) {
  const runs = names.map((name) => ({ name, optimizer: { type: 'sgd', lr: 0.1 }, start: [1, 2], particles: 3 }));
  return quadraticSpec(runs, { steps });
}

let host: LabHost;
afterEach(() => host?.close());

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
    // Also wait for the play loop to stop by itself: a reset keeps the play state, and a lab still
    // playing would step the fresh `die` run at once (a race on a busy machine).
    await until(
      () =>
        host.state().runs[0]!.status === 'done' && host.state().runs[1]!.status === 'failed' && !host.state().playing,
    );
    expect(host.state().runs[1]!.reason).toMatch(/worker/);
    expect(seen.last(0)!.t).toBe(30);
    await host.handle({ type: 'reset' });
    expect(host.state().runs[1]!.status).toBe('paused');
  });

  it("sends each run's start positions in its first frame after a load and after a reset", async () => {
    host = new LabHost({ engineModule, size: 2 });
    const seen = collect(host);
    const start = Array.from(Float32Array.from([1, 2, 1, 2, 1, 2]));
    const firstFrames = (from: number) => [0, 1].map((run) => seen.frames.slice(from).find((f) => f.run === run));
    expect((await host.handle({ type: 'load', spec: experiment(['A', 'B']) })).ok).toBe(true);
    for (const frame of firstFrames(0)) {
      expect(frame).toMatchObject({ t: 0, dims: 2 });
      expect(Array.from(frame!.positions)).toEqual(start);
    }
    await host.handle({ type: 'step', n: 5 });
    expect(seen.last(0)!.t).toBe(5);
    const before = seen.frames.length;
    expect((await host.handle({ type: 'reset' })).ok).toBe(true);
    for (const frame of firstFrames(before)) {
      expect(frame).toMatchObject({ t: 0, dims: 2 });
      expect(Array.from(frame!.positions)).toEqual(start);
    }
    // The display cap applies to that first frame too.
    await host.handle({ type: 'displayCap', particles: 1 });
    const capped = seen.frames.length;
    await host.handle({ type: 'reset' });
    expect(Array.from(firstFrames(capped)[0]!.positions)).toEqual([1, 2]);
  });

  it('keeps the play state across reset and load: a playing lab plays on from t = 0, a paused one waits', async () => {
    host = new LabHost({ engineModule, size: 2, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: experiment(['A', 'B'], 100_000) });
    await host.handle({ type: 'play' });
    await until(() => (seen.last(0)?.t ?? 0) > 20 && (seen.last(1)?.t ?? 0) > 20);

    // Reset while playing: back to t = 0 and still playing, with no play command.
    let from = seen.frames.length;
    expect((await host.handle({ type: 'reset' })).ok).toBe(true);
    expect(host.state().playing).toBe(true);
    expect(host.state().runs.map((r) => r.status)).toEqual(['running', 'running']);
    expect(seen.frames.slice(from).find((f) => f.run === 0)?.t).toBe(0);
    await until(() => seen.frames.slice(from).some((f) => f.run === 1 && f.t > 10));

    // Load of a new experiment while playing: the new runs play.
    from = seen.frames.length;
    expect((await host.handle({ type: 'load', spec: experiment(['C'], 100_000) })).ok).toBe(true);
    expect(host.state()).toMatchObject({ playing: true, runs: [{ name: 'C', status: 'running' }] });
    await until(() => seen.frames.slice(from).some((f) => f.run === 0 && f.t > 10));

    // The same through a file on disk (File › Open in the desktop app).
    const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-host-'));
    writeFileSync(join(dir, 'd.lab.json'), JSON.stringify(experiment(['D', 'E'], 100_000)));
    from = seen.frames.length;
    expect((await host.loadFile(join(dir, 'd.lab.json'))).ok).toBe(true);
    expect(host.state()).toMatchObject({ playing: true, runs: [{ status: 'running' }, { status: 'running' }] });
    await until(() => seen.frames.slice(from).some((f) => f.run === 1 && f.t > 10));
    // A redundant play (what the view sends after a reset it started playing) changes nothing.
    expect(await host.handle({ type: 'play' })).toEqual({ ok: true });
    expect(host.state().playing).toBe(true);

    // Paused: reset and load stay paused at t = 0.
    await host.handle({ type: 'pause' });
    await host.handle({ type: 'reset' });
    expect(host.state().playing).toBe(false);
    expect(host.state().runs.map((r) => r.status)).toEqual(['paused', 'paused']);
    await host.handle({ type: 'load', spec: experiment(['F'], 100_000) });
    expect(host.state()).toMatchObject({ playing: false, runs: [{ status: 'paused' }] });
    from = seen.frames.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.frames.slice(from)).toEqual([]);
    expect(seen.last(0)!.t).toBe(0);
  });

  it('fails a run whose worker is terminated from outside, keeps the other playing, and reset restarts it', async () => {
    host = new LabHost({ engineModule, size: 2, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: experiment(['A', 'B'], 1_000_000) });
    expect(host.runWorker(0)).not.toBe(host.runWorker(1));
    await host.handle({ type: 'play' });
    await until(() => (seen.last(0)?.t ?? 0) > 10 && (seen.last(1)?.t ?? 0) > 10);

    await host.runWorker(1)!.terminate();
    await until(() => host.state().runs[1]!.status === 'failed');
    expect(host.state().runs[1]!.reason).toMatch(/worker stopped/);
    expect(host.state()).toMatchObject({ playing: true, runs: [{ status: 'running' }, { status: 'failed' }] });
    const killedAt = seen.last(1)!.t;
    const aliveAt = seen.last(0)!.t;
    await until(() => seen.last(0)!.t > aliveAt + 20);
    expect(seen.last(1)!.t).toBe(killedAt);
    expect(await host.handle({ type: 'export' })).toMatchObject({ ok: false, error: expect.stringMatching(/B: /) });

    // Reset builds the run again on a fresh worker and, the lab playing, runs it from t = 0.
    const from = seen.frames.length;
    expect((await host.handle({ type: 'reset' })).ok).toBe(true);
    expect(host.state().runs.map((r) => r.status)).toEqual(['running', 'running']);
    expect(host.state().runs[1]!.reason).toBeUndefined();
    await until(() => seen.frames.slice(from).some((f) => f.run === 1 && f.t > 10));
    await host.handle({ type: 'pause' });
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
