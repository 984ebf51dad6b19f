/**
 * Asking the lab for a landscape plane: coarse first, then finer in order; a newer request supersedes
 * the older (whose `superseded` answer, or late grid, is dropped without a word); a real refusal is
 * told; cancel stops the one computing.
 */
import { describe, expect, it } from 'vitest';
import type { LabApi, Reply } from '../../shared/contract/lab';
import type { LabPlane, PlaneRequest } from '../../shared/contract/network';
import { PLANE_RESOLUTIONS, PlaneRequests, isSuperseded } from '../../src-renderer/src/lib/plane-requests';

interface Call {
  request: PlaneRequest;
  resolution: number;
  answer(reply: Reply): void;
}

/** A lab whose `plane` answers only when the test says so. */
function fakeLab() {
  const calls: Call[] = [];
  let cancels = 0;
  const api: Pick<LabApi, 'plane' | 'cancelPlane'> = {
    plane: (request, resolution) => new Promise<Reply>((answer) => calls.push({ request, resolution, answer })),
    cancelPlane: () => {
      cancels++;
      return Promise.resolve({ ok: true });
    },
  };
  return { api, calls, cancels: () => cancels };
}

const planeOf = (resolution: number) =>
  ({ kind: 'pca', center: [0], d1: [1], d2: [0], surface: { resolution } }) as unknown as LabPlane;

/** Lets the awaiting request go on to its next step. */
const settle = () => new Promise((r) => setTimeout(r, 0));

function recorder() {
  const log: string[] = [];
  return {
    log,
    events: {
      plane: (p: LabPlane, resolution: number) => log.push(`plane ${resolution}/${p.surface.resolution}`),
      computing: (resolution: number | null) => log.push(`computing ${resolution}`),
      error: (message: string) => log.push(`error ${message}`),
    },
  };
}

describe('PlaneRequests', () => {
  it('asks 17, then 51, 101 and 201, each after the one before arrived', async () => {
    expect(PLANE_RESOLUTIONS).toEqual([17, 51, 101, 201]);
    const lab = fakeLab();
    const { log, events } = recorder();
    const requests = new PlaneRequests(lab.api, events);
    const done = requests.ask({ kind: 'pca' });
    for (const resolution of [17, 51, 101, 201]) {
      await settle();
      expect(lab.calls.at(-1)!.resolution).toBe(resolution);
      expect(requests.busy).toBe(true);
      lab.calls.at(-1)!.answer({ ok: true, plane: planeOf(resolution) });
    }
    await done;
    expect(lab.calls).toHaveLength(4);
    expect(requests.busy).toBe(false);
    expect(log).toEqual([
      'computing 17',
      'plane 17/17',
      'computing 51',
      'plane 51/51',
      'computing 101',
      'plane 101/101',
      'computing 201',
      'plane 201/201',
      'computing null',
    ]);
  });

  it('drops the superseded request quietly, its late grid too', async () => {
    const lab = fakeLab();
    const { log, events } = recorder();
    const requests = new PlaneRequests(lab.api, events);
    const first = requests.ask({ kind: 'pca' });
    await settle();
    const second = requests.ask({ kind: 'random', seed: 1 });
    await settle();
    // The lab answers the first `superseded` and the second with its coarse grid.
    lab.calls[0]!.answer({ ok: false, error: 'plane request superseded' });
    lab.calls[1]!.answer({ ok: true, plane: planeOf(17) });
    await first;
    await settle();
    expect(lab.calls[1]!.request).toEqual({ kind: 'random', seed: 1 });
    expect(log.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(log).toContain('plane 17/17');
    // A grid of an older request that still arrives is dropped.
    const third = requests.ask({ kind: 'pca' });
    await settle();
    lab.calls[2]!.answer({ ok: true, plane: planeOf(51) });
    await second;
    expect(log).not.toContain('plane 51/51');
    lab.calls[3]!.answer({ ok: false, error: 'superseded' });
    await third;
  });

  it('tells a refusal, and cancel stops the request computing', async () => {
    const lab = fakeLab();
    const { log, events } = recorder();
    const requests = new PlaneRequests(lab.api, events);
    const refused = requests.ask({ kind: 'points', runs: [0, 1] });
    await settle();
    lab.calls[0]!.answer({ ok: false, error: 'runs[1] has no finite position yet' });
    await refused;
    expect(log.at(-1)).toBe('error runs[1] has no finite position yet');
    expect(requests.busy).toBe(false);

    const cancelled = requests.ask({ kind: 'pca' });
    await settle();
    requests.cancel();
    expect(lab.cancels()).toBe(1);
    expect(requests.busy).toBe(false);
    lab.calls[1]!.answer({ ok: true, plane: planeOf(17) });
    await cancelled;
    expect(log).not.toContain('plane 17/17');
    expect(isSuperseded('Superseded by a newer plane')).toBe(true);
    expect(isSuperseded('no paths yet')).toBe(false);
  });
});
