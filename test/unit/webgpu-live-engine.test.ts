/**
 * The GPU's live run engine (GpuEnsemble) against the compiled CPU ensemble on deterministic runs
 * (exact gradient; float32 tolerance), through hot changes that rebuild its kernel (another
 * optimizer, more and fewer particles: positions carried over, new particles drawn as at t = 0);
 * reading before `sync` is an error. Then the lab adapter's choice per run: the GPU for a large run
 * only where a hardware adapter is found (an injected probe stands for one; the device is still
 * SwiftShader's), the compiled kernels when none is, when the only one is software, or when the
 * compiled backend is forced.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataSet } from '../../src-main/engine/api';
import { CompiledEnsemble } from '../../src-main/engine/compiled/ensemble';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import type { GpuHandle } from '../../src-main/engine/webgpu/device';
import { GpuEnsemble } from '../../src-main/engine/webgpu/gpu-ensemble';
import { createAdapter } from '../../src-main/host/real-engine';
import type { Experiment, Run } from '../../shared/experiment/experiment';
import { experiment } from './engine-helpers';
import { gpu } from './webgpu-helpers';

delete process.env.SGD_LAB_BACKEND;

let handle: GpuHandle;
let exp: Experiment;
let data: DataSet;
beforeAll(async () => {
  handle = await gpu();
  exp = experiment({
    seed: 3,
    steps: 100,
    loss: { preset: 'rosenbrock' },
    runs: [{ optimizer: { type: 'adam', lr: 0.01 }, particles: 300, spread: 0.3 }],
  });
  data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
});

const near = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++)
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(b[i]!)));
};

/** The same steps on both engines, then their stats and every particle compared. */
async function stepBoth(g: GpuEnsemble, c: CompiledEnsemble, n: number): Promise<void> {
  g.step(n);
  c.step(n);
  const P = c.run.particles;
  await g.sync(P);
  const [gs, cs] = [g.read(0).stats, c.read(0).stats];
  expect(gs.t).toBe(cs.t);
  expect(gs.lr).toBe(cs.lr);
  expect(gs.diverged).toEqual(cs.diverged);
  near([gs.loss, gs.lossMin, gs.lossMax, gs.tau], [cs.loss, cs.lossMin, cs.lossMax, cs.tau]);
  near(g.read(P).positions, c.read(P).positions);
}

describe('GpuEnsemble', () => {
  it('answers only after sync, then as the compiled ensemble does, through kernel-changing hot updates', async () => {
    const g = await GpuEnsemble.create(handle, exp, 0, data);
    const c = new CompiledEnsemble(exp, 0, data);
    try {
      expect(g.backend).toBe('webgpu');
      expect(g.adapter).toBe(handle.name);
      expect(() => g.read(0).stats).toThrow(/before sync/);
      await stepBoth(g, c, 0);
      await stepBoth(g, c, 17);
      g.step(1);
      expect(() => g.read(1).positions).toThrow(/before sync/);
      c.step(1);
      const base: Run = exp.runs[0]!;
      const changes: Run[] = [
        { ...base, optimizer: { ...base.optimizer, lr: 0.02 } } as Run, // same kernel: new values only
        { ...base, optimizer: { type: 'momentum', lr: 0.0002, beta: 0.9 } } as Run, // other slots
        { ...base, optimizer: { type: 'momentum', lr: 0.0002, beta: 0.5 }, particles: 420 } as Run, // kept slots, more
        { ...base, optimizer: { type: 'sgd', lr: 0.0002 }, particles: 100 } as Run, // none, fewer
      ];
      for (const run of changes) {
        await g.setHyper(run);
        c.setHyper(run);
        await stepBoth(g, c, 6);
      }
      expect(g.run.particles).toBe(100);
    } finally {
      g.dispose();
    }
  }, 120_000);
});

describe('the lab adapter picks per run', () => {
  const big = () =>
    experiment({
      steps: 10,
      loss: { preset: 'rosenbrock' },
      runs: [
        { name: 'large', optimizer: { type: 'sgd', lr: 0.001 }, particles: 200 },
        { name: 'small', optimizer: { type: 'sgd', lr: 0.001 }, particles: 20 },
      ],
    });
  const hardware = () => ({ name: 'a hardware GPU', software: false });

  it('reports the optimizer state and ∇L at the head as the compiled ensemble does', async () => {
    const g = await GpuEnsemble.create(handle, exp, 0, data);
    const c = new CompiledEnsemble(exp, 0, data);
    const P = c.run.particles;
    for (const n of [3, 40]) {
      await stepBoth(g, c, n);
      const [gs, cs] = [g.state(), c.state()];
      expect(gs!.slots).toEqual(['m', 'v']);
      expect(gs!.slots).toEqual(cs!.slots);
      expect(gs!.correction).toEqual(cs!.correction);
      near(gs!.first.flat(), cs!.first.flat());
      // The compiled mean reads every particle here (P < its cap); the GPU's, the P read back.
      near(gs!.mean.flat(), cs!.mean.flat());
      near(g.headGradient()!, c.headGradient()!);
    }
    // Adam's m after t steps from zero is a (1 − β₁)-weighted sum of gradients: never zero here.
    expect(g.state()!.first[0]!.every((v) => v !== 0)).toBe(true);
    expect(P).toBe(300);
    g.dispose();
  });

  it('the GPU for a large run where a hardware adapter is found, the CPU for a small one', async () => {
    const a = await createAdapter({ probe: hardware, minParticles: 100 });
    expect(a.backend).toBe('compiled');
    const [large, small] = [await a.createRun(big(), 0, '.'), await a.createRun(big(), 1, '.')];
    expect(large).toBeInstanceOf(GpuEnsemble);
    expect(large.adapter).toBe(handle.name);
    expect(small).toBeInstanceOf(CompiledEnsemble);
    large.dispose();
  }, 60_000);

  it('falls back to the compiled kernels without an adapter, with a software one, or when forced', async () => {
    const none = await createAdapter({ probe: () => null, minParticles: 100 });
    expect(await none.createRun(big(), 0, '.')).toBeInstanceOf(CompiledEnsemble);
    // The real probe finds SwiftShader here: software, slower than the CPU kernels.
    const software = await createAdapter({ minParticles: 100 });
    expect(await software.createRun(big(), 0, '.')).toBeInstanceOf(CompiledEnsemble);
    const forced = await createAdapter({ backend: 'compiled', probe: hardware, minParticles: 100 });
    expect(await forced.createRun(big(), 0, '.')).toBeInstanceOf(CompiledEnsemble);
  }, 60_000);

  it('puts every run on the GPU when webgpu is forced', async () => {
    const a = await createAdapter({ backend: 'webgpu' });
    expect(a.backend).toBe('webgpu');
    const small = await a.createRun(big(), 1, '.');
    expect(small).toBeInstanceOf(GpuEnsemble);
    small.dispose();
  }, 60_000);
});
