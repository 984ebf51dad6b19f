/**
 * The lab host with the real engine in a real worker (tsx under plain Node): a hot learning-rate change
 * lands at the next step. Loss x² + y², exact gradient, plain SGD: Φ ← (1 − 2η) Φ, computed by hand.
 */
import { afterAll, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { LabHost } from '../../src-main/host/lab-host';
import { quadraticSpec } from './lab-fixtures';

const host = new LabHost({ size: 1, backend: 'cpu' });
afterAll(() => host.close());

it('applies a hot learning-rate change to the real engine at the next step', async () => {
  const frames: Frame[] = [];
  host.onFrame((f) => frames.push({ ...f, positions: f.positions.slice() }));
  const loaded = await host.handle({
    type: 'load',
    spec: quadraticSpec([{ name: 'SGD', optimizer: { type: 'sgd', lr: 0.1 }, start: [1, -2] }], { steps: 100 }),
  });
  expect(loaded).toMatchObject({ ok: true });
  expect(host.state().runs[0]?.status).toBe('paused');
  expect(await host.handle({ type: 'step', n: 2 })).toEqual({ ok: true });
  const update = await host.handle({
    type: 'updateRun',
    index: 0,
    run: { name: 'SGD', optimizer: { type: 'sgd', lr: 0.25 }, start: [1, -2] },
  });
  expect(update).toMatchObject({ ok: true });
  await host.handle({ type: 'step', n: 1 });
  const last = frames.at(-1)!;
  expect(last.t).toBe(3);
  const factor = (1 - 2 * 0.1) ** 2 * (1 - 2 * 0.25);
  expect(last.positions[0]).toBeCloseTo(1 * factor, 5);
  expect(last.positions[1]).toBeCloseTo(-2 * factor, 5);
  expect(host.state().backend).toBe('cpu');
});
