/**
 * Hot changes of the hyperparameters on the GPU (issue #19 item 2), on SwiftShader: a new η, N and
 * schedule on a 10⁶-row loss rewrite the run's hyperparameter buffer only (no planRun, no parse:
 * module spies count them; the same pipeline keeps stepping), and the particles then follow the
 * hand-written float64 heavy-ball loop with the new settings, within float32's tolerance. More
 * particles rebuild the pipeline from the same plan (still no planRun), the first ones carried over.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../shared/experiment/experiment';
import { parseFormula } from '../../shared/formula/parse';
import { planRun } from '../../src-main/engine/kernel/plan';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { GpuEnsemble } from '../../src-main/engine/webgpu/gpu-ensemble';
import { experiment } from './engine-helpers';
import { HYPER_LOSS, Reference } from './hyper-reference';
import { gpu } from './webgpu-helpers';

vi.mock('../../src-main/engine/kernel/plan', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src-main/engine/kernel/plan')>();
  return { ...m, planRun: vi.fn(m.planRun) };
});
vi.mock('../../shared/formula/parse', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../shared/formula/parse')>();
  return { ...m, parseFormula: vi.fn(m.parseFormula) };
});

const P = 3;
const exp = experiment({
  steps: 100,
  seed: 11,
  loss: HYPER_LOSS,
  runs: [{ optimizer: { type: 'momentum', lr: 0.05, N: 5 }, gradient: { kind: 'exact' }, particles: P, spread: 0.5 }],
});

describe('a hot change of η, N or the schedule on the GPU', () => {
  let data: Awaited<ReturnType<typeof loadDataSet>>;
  beforeAll(async () => {
    data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
  }, 60_000);

  it('rewrites only the hyperparameter buffer and steps on as the hand-written loop', async () => {
    const ref = new Reference(data);
    const engine = await GpuEnsemble.create(await gpu(), exp, 0, data);
    await engine.sync(P);
    const phi = Array.from(engine.positions64(P));
    const vel = new Array<number>(2 * P).fill(0);
    const check = async () => {
      await engine.sync(P);
      const got = engine.positions64(P);
      phi.forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v))));
    };
    engine.step(20);
    ref.run(phi, vel, 0, 20, () => 0.05, 5);
    await check();
    vi.mocked(planRun).mockClear();
    vi.mocked(parseFormula).mockClear();

    await engine.setHyper({ ...engine.run, optimizer: { ...engine.run.optimizer, lr: 0.02 } } as Run);
    engine.step(15);
    ref.run(phi, vel, 20, 15, () => 0.02, 5);
    await check();
    await engine.setHyper({ ...engine.run, optimizer: { ...engine.run.optimizer, N: 2 } } as Run);
    engine.step(15);
    ref.run(phi, vel, 35, 15, () => 0.02, 2);
    await check();
    await engine.setHyper({ ...engine.run, schedule: { type: 'exponential', gamma: 0.95 } });
    engine.step(15);
    ref.run(phi, vel, 50, 15, (t) => 0.02 * Math.pow(0.95, t), 2);
    await check();
    expect(engine.headGradient()).not.toBeNull();
    // More particles: the kernel is rebuilt for them from the retuned plan, the first P carried over.
    await engine.setHyper({ ...engine.run, particles: P + 2 });
    await check();

    expect(planRun).not.toHaveBeenCalled();
    expect(parseFormula).not.toHaveBeenCalled();
    engine.dispose();
  }, 120_000);
});
