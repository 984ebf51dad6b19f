/**
 * The lab host's one clock and live edits, with the plain-JS fake engine in real worker threads (it
 * does SGD on ½‖Φ‖², so one step maps Φ to (1 − η)Φ): runs side by side stay at one t, a new run
 * restarts them all, a hot η is a patch that lands at the next step, the steps can be moved and Play
 * after the end goes on, and a view that connects late or comes back gets the present at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { LabHost } from '../../src-main/host/lab-host';
import { collect, engineModule, quadraticSpec, until } from './lab-fixtures';

let host: LabHost;
afterEach(() => host?.close());

/** Runs of very different cost per step (particles), so independently paced runs would drift apart. */
function threeRuns(steps = 1_000_000) {
  return quadraticSpec(
    [
      { name: 'A', optimizer: { type: 'sgd', lr: 0.001 }, start: [1, 2], particles: 1 },
      { name: 'B', optimizer: { type: 'sgd', lr: 0.001 }, start: [1, 2], particles: 2000 },
      { name: 'C', optimizer: { type: 'sgd', lr: 0.001 }, start: [1, 2], particles: 100_000 },
    ],
    { steps },
  );
}

const latestT = (frames: Frame[], runs: number) =>
  Array.from({ length: runs }, (_, r) => frames.filter((f) => f.run === r).at(-1)?.t ?? 0);

describe('lab host: one clock', () => {
  it('keeps three runs of different cost at one t while playing', async () => {
    host = new LabHost({ engineModule, size: 3, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: threeRuns() });
    await host.handle({ type: 'speed', stepsPerFrame: 5 });
    const spreads: number[] = [];
    const off = host.onFrame(() => {
      const t = latestT(seen.frames, 3);
      spreads.push(Math.max(...t) - Math.min(...t));
    });
    await host.handle({ type: 'play' });
    await until(() => (seen.last(2)?.t ?? 0) >= 100, 60_000);
    await host.handle({ type: 'pause' });
    off();
    // The frames of steps in flight at the pause arrive meanwhile (slowly on a loaded machine).
    await until(() => new Set(latestT(seen.frames, 3)).size === 1, 10_000).catch(() => undefined);
    const t = latestT(seen.frames, 3);
    expect(t[0]).toBeGreaterThanOrEqual(100);
    expect(t).toEqual([t[0], t[0], t[0]]);
    // While playing no run was ever more than one chunk (5 steps) ahead of another.
    expect(Math.max(...spreads)).toBeLessThanOrEqual(5);
  });

  it('restarts every run when a run is added or copied mid-run', async () => {
    host = new LabHost({ engineModule, size: 2, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: threeRuns() });
    await host.handle({ type: 'step', n: 40 });
    expect(latestT(seen.frames, 3)).toEqual([40, 40, 40]);
    const from = seen.frames.length;
    expect((await host.handle({ type: 'duplicateRun', index: 0 })).ok).toBe(true);
    expect(host.state().runs.map((r) => r.name)).toEqual(['A', 'B', 'C', 'A (copy)']);
    expect(latestT(seen.frames.slice(from), 4)).toEqual([0, 0, 0, 0]);
    await host.handle({ type: 'step', n: 3 });
    expect(latestT(seen.frames, 4)).toEqual([3, 3, 3, 3]);
  });
});

describe('lab host: live edits', () => {
  it('applies a typed η patch at the next step and shows it everywhere', async () => {
    host = new LabHost({ engineModule, size: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: threeRuns() });
    await host.handle({ type: 'step', n: 1 });
    const reply = await host.handle({ type: 'patchRun', index: 1, patch: { field: 'lr', value: 0.5 } });
    expect(reply.ok).toBe(true);
    // The state, the file to save and the next frame agree.
    expect(host.state().experiment!.runs[1]!.optimizer.lr).toBe(0.5);
    expect((host.experimentInput() as { runs: { optimizer: { lr: number } }[] }).runs[1]!.optimizer.lr).toBe(0.5);
    await host.handle({ type: 'step', n: 1 });
    const b = seen.last(1)!;
    expect(b.lr).toBe(0.5);
    // Φ = (1, 2) · (1 − 0.001) · (1 − 0.5), by hand.
    expect(b.positions[0]).toBeCloseTo(0.999 * 0.5, 6);
    expect(b.positions[1]).toBeCloseTo(2 * 0.999 * 0.5, 6);
    // The others kept theirs.
    expect(seen.last(0)!.positions[0]).toBeCloseTo(0.999 ** 2, 6);
    // A burst of patches (a dragged slider) ends on the last value.
    await Promise.all(
      [0.1, 0.2, 0.3, 0.04].map((value) => host.handle({ type: 'patchRun', index: 0, patch: { field: 'lr', value } })),
    );
    await host.handle({ type: 'step', n: 1 });
    expect(seen.last(0)!.lr).toBe(0.04);
    expect(host.state().experiment!.runs[0]!.optimizer.lr).toBe(0.04);
    // A rename, and refusals of what the schema does not allow.
    expect((await host.handle({ type: 'patchRun', index: 2, patch: { field: 'name', value: 'Big' } })).ok).toBe(true);
    expect(host.state().runs[2]!.name).toBe('Big');
    for (const patch of [
      { field: 'lr', value: -1 },
      { field: 'lr', value: 'x' },
      { field: 'particles', value: 3 },
    ])
      expect((await host.handle({ type: 'patchRun', index: 0, patch })).ok).toBe(false);
    expect((await host.handle({ type: 'patchRun', index: 9, patch: { field: 'lr', value: 1 } })).ok).toBe(false);
  });

  it('stops at the steps set, and Play after the end goes on for as many steps again', async () => {
    host = new LabHost({ engineModule, size: 1, frameIntervalMs: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: threeRuns(1000) });
    expect((await host.handle({ type: 'setSteps', steps: 30 })).ok).toBe(true);
    expect(host.state().experiment!.steps).toBe(30);
    await host.handle({ type: 'speed', stepsPerFrame: 7 });
    await host.handle({ type: 'play' });
    await until(() => !host.state().playing, 60_000);
    expect(latestT(seen.frames, 3)).toEqual([30, 30, 30]);
    expect(host.state().runs.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    await host.handle({ type: 'play' });
    expect(host.state().experiment!.steps).toBe(60);
    await until(() => !host.state().playing, 60_000);
    expect(latestT(seen.frames, 3)).toEqual([60, 60, 60]);
    expect((host.experimentInput() as { steps: number }).steps).toBe(60);
    // Moving the end below t marks the runs done; above it, they wait (paused) to go on.
    await host.handle({ type: 'setSteps', steps: 100 });
    expect(host.state().runs.map((r) => r.status)).toEqual(['paused', 'paused', 'paused']);
    expect((await host.handle({ type: 'setSteps', steps: 0 })).ok).toBe(false);
  });
});

describe('lab host: views', () => {
  it('gives a late frame listener each run’s latest frame at once', async () => {
    host = new LabHost({ engineModule, size: 1 });
    await host.handle({ type: 'load', spec: threeRuns() });
    await host.handle({ type: 'step', n: 12 });
    const late: Frame[] = [];
    host.onFrame((f) => late.push(f));
    expect(late.map((f) => [f.run, f.t])).toEqual([
      [0, 12],
      [1, 12],
      [2, 12],
    ]);
    expect(late[0]!.positions.length).toBe(2);
  });

  it('keeps sending frames while any view shows the lab, and refreshes a view that comes back', async () => {
    host = new LabHost({ engineModule, size: 1 });
    const seen = collect(host);
    await host.handle({ type: 'load', spec: threeRuns() });
    await host.handle({ type: 'visibility', visible: true, view: 'tab-2' });
    await host.handle({ type: 'visibility', visible: false, view: 'tab-1' });
    let from = seen.frames.length;
    await host.handle({ type: 'step', n: 2 });
    expect(seen.frames.slice(from).map((f) => f.t)).toEqual([2, 2, 2]);
    await host.handle({ type: 'visibility', visible: false, view: 'tab-2' });
    from = seen.frames.length;
    await host.handle({ type: 'step', n: 2 });
    expect(seen.frames.length).toBe(from);
    // Back: each run's present frame, with positions, without a step.
    await host.handle({ type: 'visibility', visible: true, view: 'tab-1' });
    const back = seen.frames.slice(from);
    expect(back.map((f) => f.t)).toEqual([4, 4, 4]);
    expect(back[0]!.positions[0]).toBeCloseTo(0.999 ** 4, 6);
  });
});
