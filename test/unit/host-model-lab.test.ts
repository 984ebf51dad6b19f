/**
 * A network (SPEC §13) in the live lab, on the real engine in real workers: a two-moons 2-8-1 tanh
 * net plays (D = 2·8 + 8 + 8·1 + 1 = 33 by hand), a hot η reaches the next step, the landscape plane
 * holds the start and both ends (least squares written here) and its grid at each end equals that
 * run's first-particle loss, PCA's directions are orthonormal, a newer plane supersedes an older one,
 * the data picture is the generator's, and a formula surface of a network is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, RunHistory } from '../../shared/contract/lab';
import { dot, project } from './plane-reference';
import { drawGeneratedSet } from '../../shared/data/generated-sets';
import type { GeneratedSetSpec } from '../../shared/experiment/model-data-schema';
import { LabHost } from '../../src-main/host/lab-host';
import { collect, until } from './lab-fixtures';

const D = 2 * 8 + 8 + 8 * 1 + 1;
const data = { dataset: 'two-moons', n: 200, noise: 0.1, test: 100, standardize: false } as const;
const spec = {
  version: 1,
  seed: 3,
  steps: 100_000,
  loss: { model: { hidden: [8], activation: 'tanh', output: 'logistic' }, data },
  runs: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 } },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.02 } },
  ],
};

let host: LabHost;
let seen: ReturnType<typeof collect>;
beforeAll(async () => {
  host = new LabHost({ size: 2 });
  seen = collect(host);
  const loaded = await host.handle({ type: 'load', spec });
  if (!loaded.ok) throw new Error(loaded.error);
  await until(() => seen.last(0) !== undefined && seen.last(1) !== undefined, 60_000);
}, 90_000);
afterAll(() => host.close());

async function history(): Promise<RunHistory[]> {
  const reply = await host.handle({ type: 'history' });
  if (!reply.ok || !reply.history) throw new Error('no history');
  return reply.history;
}

describe('a network in the live lab', () => {
  it('plays: frames of D = 33, finite measures, accuracy rising; a hot η reaches the next step', async () => {
    const first = seen.last(0)!;
    expect(first.dims).toBe(D);
    expect(first.positions.length).toBe(D);
    for (let k = 0; k < 10; k++) await host.handle({ type: 'step', n: 30 });
    const later = seen.last(0)!;
    expect(later.t).toBe(300);
    for (const f of [first, later] as Frame[]) {
      const m = f.model!;
      for (const v of [m.testLoss, m.accuracy, m.testAccuracy, m.firstLoss]) expect(Number.isFinite(v)).toBe(true);
    }
    expect(later.model!.accuracy).toBeGreaterThan(first.model!.accuracy);
    expect(later.model!.accuracy).toBeGreaterThan(0.8);
    expect(await host.handle({ type: 'patchRun', index: 0, patch: { field: 'lr', value: 0.25 } })).toEqual({
      ok: true,
    });
    await host.handle({ type: 'step', n: 1 });
    expect(seen.last(0)!).toMatchObject({ t: 301, lr: 0.25 });
    const h = await history();
    expect(h[0]!.dims).toBe(D);
    expect(h[0]!.path.length).toBe(D * h[0]!.t.length);
    expect(h[0]!.model!.firstLoss.at(-1)).toBe(seen.last(0)!.model!.firstLoss);
  }, 60_000);

  it('frames the points plane through the start and both ends; the grid there is each run’s loss', async () => {
    const h = await history();
    const start = h[0]!.path.slice(0, D);
    const ends = h.map((r) => r.path.slice(-D));
    for (const [a, b] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const reply = await host.handle({
        type: 'plane',
        plane: { kind: 'points', runs: [a, b], span: 2 },
        resolution: 5,
      });
      if (!reply.ok) throw new Error(reply.error);
      const plane = reply.plane!;
      expect(plane.center.length).toBe(D);
      for (const phi of [start, ends[0]!, ends[1]!]) expect(project(plane, phi).off).toBeLessThan(1e-9);
      // Run a's end is center + 1·d1: (α, β) = (1, 0), the grid's node j = 3, i = 2 over [−2, 2].
      const p = project(plane, ends[a]!);
      expect(p.alpha).toBeCloseTo(1, 12);
      expect(p.beta).toBeCloseTo(0, 12);
      expect(plane.surface.domain).toEqual([
        [-2, 2],
        [-2, 2],
      ]);
      const firstLoss = seen.last(a)!.model!.firstLoss;
      expect(Math.abs(plane.surface.values[2 * 5 + 3]! - firstLoss)).toBeLessThan(2e-7 * firstLoss);
    }
  }, 60_000);

  it('frames a PCA plane with orthonormal directions', async () => {
    const reply = await host.handle({ type: 'plane', plane: { kind: 'pca' }, resolution: 9 });
    if (!reply.ok) throw new Error(reply.error);
    const { d1, d2, surface, explained } = reply.plane!;
    expect(dot(d1, d1)).toBeCloseTo(1, 12);
    expect(dot(d2, d2)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(d1, d2))).toBeLessThan(1e-9);
    expect(surface.values.length).toBe(81);
    expect(explained![0]).toBeGreaterThanOrEqual(explained![1]);
  }, 60_000);

  it('answers an older plane superseded when a newer one comes', async () => {
    const older = host.handle({ type: 'plane', plane: { kind: 'random', seed: 1 }, resolution: 201 });
    const newer = host.handle({ type: 'plane', plane: { kind: 'random', seed: 2 }, resolution: 25 });
    expect(await older).toEqual({ ok: false, error: 'superseded' });
    expect((await newer).ok).toBe(true);
  }, 60_000);

  it('gives the data as the generator draws them', async () => {
    const reply = await host.handle({ type: 'modelData' });
    if (!reply.ok) throw new Error(reply.error);
    const drawn = drawGeneratedSet(data as unknown as GeneratedSetSpec, spec.seed);
    expect(reply.modelData).toMatchObject({ inputs: 2, classes: 2, train: 200, test: 100 });
    expect(reply.modelData!.y).toEqual(Array.from(drawn.y));
    expect(reply.modelData!.x).toEqual(Array.from(drawn.x));
  });

  it('gives the loss along the line between the two runs', async () => {
    const reply = await host.handle({ type: 'interpolate', runs: [0, 1], points: 7 });
    if (!reply.ok) throw new Error(reply.error);
    const line = reply.line!;
    expect(line.s).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(line.loss[1]).toBeCloseTo(seen.last(0)!.model!.firstLoss, 10);
    expect(line.loss[5]).toBeCloseTo(seen.last(1)!.model!.firstLoss, 10);
    expect(line.testLoss!.every(Number.isFinite)).toBe(true);
  }, 60_000);

  it('refuses a formula surface of a network', async () => {
    expect(await host.handle({ type: 'surface', resolution: 16 })).toEqual({
      ok: false,
      error: "a network's loss is drawn on its landscape plane: ask for plane",
    });
  });
});
