/**
 * Hot changes of the hyperparameters (issue #19 item 2): on a loss over 10⁶ data rows, a new η, a new
 * N and a new schedule reach the next step without planning the run again (no planRun, no parse: both
 * counted through module spies), and the trajectory after each change is the one a hand-written
 * float64 heavy-ball loop over the same rows gives with the new settings from the same state. A change
 * of the optimizer's type does plan again, and the particles' carry-over follows the one policy.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Experiment, Run } from '../../shared/experiment/experiment';
import type { DataSet } from '../../src-main/engine/api';
import { carryOver } from '../../src-main/engine/carry-over';
import { CompiledEnsemble } from '../../src-main/engine/compiled/ensemble';
import { planRun } from '../../src-main/engine/kernel/plan';
import { parseFormula } from '../../shared/formula/parse';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { experiment } from './engine-helpers';
import { HYPER_LOSS, Reference } from './hyper-reference';

vi.mock('../../src-main/engine/kernel/plan', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src-main/engine/kernel/plan')>();
  return { ...m, planRun: vi.fn(m.planRun) };
});
vi.mock('../../shared/formula/parse', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../shared/formula/parse')>();
  return { ...m, parseFormula: vi.fn(m.parseFormula) };
});

const P = 3;

describe('a hot change of η, N or the schedule on a 10⁶-row loss', () => {
  let exp: Experiment;
  let data: DataSet;
  let ref: Reference;

  beforeAll(async () => {
    exp = experiment({
      steps: 100,
      seed: 11,
      loss: HYPER_LOSS,
      runs: [
        { optimizer: { type: 'momentum', lr: 0.05, N: 5 }, gradient: { kind: 'exact' }, particles: P, spread: 0.5 },
      ],
    });
    data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
    ref = new Reference(data);
  }, 60_000);

  it('plans nothing again and steps on as the hand-written loop with the new settings', () => {
    const plans = vi.mocked(planRun);
    const parses = vi.mocked(parseFormula);
    plans.mockClear();
    parses.mockClear();
    const engine = new CompiledEnsemble(exp, 0, data);
    expect(plans).toHaveBeenCalledTimes(1);
    const phi = Array.from(engine.positions64(P));
    const vel = new Array<number>(2 * P).fill(0);
    const check = () => {
      const got = engine.positions64(P);
      phi.forEach((v, k) => expect(got[k]).toBeCloseTo(v, 11));
      expect(engine.state()!.first[0]![0]).toBeCloseTo(vel[0]!, 11);
    };

    engine.step(20);
    ref.run(phi, vel, 0, 20, () => 0.05, 5);
    check();
    plans.mockClear();
    parses.mockClear();

    const run = engine.run;
    engine.setHyper({ ...run, optimizer: { ...run.optimizer, lr: 0.02 } } as Run);
    engine.step(15);
    ref.run(phi, vel, 20, 15, () => 0.02, 5);
    check();

    engine.setHyper({ ...engine.run, optimizer: { ...engine.run.optimizer, N: 2 } } as Run);
    engine.step(15);
    ref.run(phi, vel, 35, 15, () => 0.02, 2);
    check();

    engine.setHyper({ ...engine.run, schedule: { type: 'exponential', gamma: 0.95 } });
    engine.step(15);
    ref.run(phi, vel, 50, 15, (t) => 0.02 * Math.pow(0.95, t), 2);
    check();
    expect(engine.read(0).stats.lr).toBe(0.02 * Math.pow(0.95, 65));

    expect(plans).not.toHaveBeenCalled();
    expect(parses).not.toHaveBeenCalled();
  });

  it('plans again when the kernel changes (another optimizer), with fresh optimizer state', () => {
    const plans = vi.mocked(planRun);
    const engine = new CompiledEnsemble(exp, 0, data);
    engine.step(5);
    plans.mockClear();
    const before = Array.from(engine.positions64(P));
    engine.setHyper({ ...engine.run, optimizer: { type: 'sgd', lr: 0.1 } } as Run);
    expect(plans).toHaveBeenCalledTimes(1);
    engine.step(1);
    const after = engine.positions64(P);
    for (let i = 0; i < P; i++) {
      const g = ref.grad(before[2 * i]!, before[2 * i + 1]!);
      for (let d = 0; d < 2; d++) expect(after[2 * i + d]).toBeCloseTo(before[2 * i + d]! - 0.1 * g[d]!, 11);
    }
  });
});

describe('the carry-over policy', () => {
  const run = (type: string, particles: number) => ({ particles, optimizer: { type } }) as Run;

  it('keeps the state of the same optimizer type with as many slots, and the first min(P, P₀) particles', () => {
    expect(carryOver(run('adam', 10), 2, run('adam', 10), 2)).toEqual({
      kept: 10,
      added: 0,
      keepSlots: true,
      inPlace: true,
    });
    expect(carryOver(run('adam', 10), 2, run('adam', 4), 2)).toEqual({
      kept: 4,
      added: 0,
      keepSlots: true,
      inPlace: false,
    });
    expect(carryOver(run('adam', 4), 2, run('adamw', 9), 2)).toEqual({
      kept: 4,
      added: 5,
      keepSlots: false,
      inPlace: false,
    });
    expect(carryOver(run('momentum', 4), 1, run('momentum', 4), 2).keepSlots).toBe(false);
  });
});
