/**
 * A run's optimizer state reaches the views: the lab host with the compiled engine in a real worker
 * sends each frame with the run's state. Loss x² + y², exact gradient, momentum (averaged) with N = 2:
 * μ ← ½ μ + ½ g, Φ ← Φ − η μ with g = 2Φ, computed by hand.
 */
import { afterAll, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { LabHost } from '../../src-main/host/lab-host';
import { quadraticSpec } from './lab-fixtures';

const host = new LabHost({ size: 1, backend: 'compiled' });
afterAll(() => host.close());

it('sends the first particle’s state and the ensemble mean with every frame of a stateful optimizer', async () => {
  const frames: Frame[] = [];
  host.onFrame((f) => frames.push(f));
  const run = { name: 'EMA', optimizer: { type: 'momentum-ema', lr: 0.1, N: 2 }, start: [1, -2], particles: 3 };
  expect(await host.handle({ type: 'load', spec: quadraticSpec([run], { steps: 10 }) })).toMatchObject({ ok: true });
  expect(await host.handle({ type: 'step', n: 3 })).toEqual({ ok: true });
  let phi = [1, -2];
  let mu = [0, 0];
  for (let t = 1; t <= 3; t++) {
    mu = mu.map((m, d) => 0.5 * m + 0.5 * 2 * phi[d]!);
    phi = phi.map((p, d) => p - 0.1 * mu[d]!);
  }
  const last = frames.at(-1)!;
  expect(last.t).toBe(3);
  expect(last.state?.slots).toEqual(['m']);
  expect(last.state?.correction).toEqual([1]);
  last.state!.first[0]!.forEach((v, d) => expect(v).toBeCloseTo(mu[d]!, 12));
  // Spread 0: every particle moves alike, so the mean is the first particle's state.
  last.state!.mean[0]!.forEach((v, d) => expect(v).toBeCloseTo(mu[d]!, 12));
});

it('sends ∇L at the first particle with every frame, for every optimizer (SGD too)', async () => {
  const frames: Frame[] = [];
  const off = host.onFrame((f) => frames.push(f));
  // L = x² + y², so ∇L = 2Φ; plain SGD with the exact gradient: Φ_t = (1 − 2η)ᵗ Φ₀.
  const run = { name: 'SGD', optimizer: { type: 'sgd', lr: 0.1 }, start: [1, -2], particles: 2 };
  expect(await host.handle({ type: 'load', spec: quadraticSpec([run], { steps: 10 }) })).toMatchObject({ ok: true });
  expect(await host.handle({ type: 'step', n: 4 })).toEqual({ ok: true });
  off();
  const last = frames.at(-1)!;
  expect(last.t).toBe(4);
  expect(last.state).toBeUndefined();
  const k = 0.8 ** 4;
  expect(last.gradient).toHaveLength(2);
  expect(last.gradient![0]).toBeCloseTo(2 * k, 12);
  expect(last.gradient![1]).toBeCloseTo(2 * -2 * k, 12);
});
