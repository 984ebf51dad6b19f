/** Learning-rate schedules (SPEC §4): values and the convergence theorem's conditions. */
import { describe, expect, it } from 'vitest';
import { learningRate, meetsConvergenceConditions } from '../../shared/schedule';
import type { Schedule } from '../../shared/experiment/experiment';

describe('learningRate', () => {
  it.each<[string, Schedule, [number, number][]]>([
    [
      'constant',
      { type: 'constant' },
      [
        [1, 0.1],
        [1000, 0.1],
      ],
    ],
    [
      'step',
      { type: 'step', factor: 0.5, at: [10, 20] },
      [
        [9, 0.1],
        [10, 0.05],
        [19, 0.05],
        [20, 0.025],
      ],
    ],
    [
      'inverse-time',
      { type: 'inverse-time', tau: 100 },
      [
        [100, 0.05],
        [300, 0.025],
      ],
    ],
    [
      'exponential',
      { type: 'exponential', gamma: 0.9 },
      [
        [1, 0.09],
        [2, 0.081],
      ],
    ],
    [
      'cosine',
      { type: 'cosine', T: 100, min: 0.01 },
      [
        [50, 0.055],
        [100, 0.01],
        [500, 0.01],
      ],
    ],
    [
      'warmup',
      { type: 'warmup', steps: 10, then: { type: 'constant' } },
      [
        [1, 0.01],
        [5, 0.05],
        [10, 0.1],
        [11, 0.1],
      ],
    ],
    [
      'expr',
      { type: 'expr', expr: 'lr / sqrt(t)' },
      [
        [1, 0.1],
        [4, 0.05],
      ],
    ],
  ])('%s', (_n, schedule, points) => {
    for (const [t, v] of points) expect(learningRate(schedule, 0.1, t)).toBeCloseTo(v, 12);
  });
});

describe('meetsConvergenceConditions (η_t → 0 and Σ η_t = ∞)', () => {
  it.each<[string, Schedule, boolean | 'unknown', boolean | 'unknown']>([
    ['constant', { type: 'constant' }, false, true],
    ['step', { type: 'step', factor: 0.5, at: [10] }, false, true],
    ['inverse-time', { type: 'inverse-time', tau: 10 }, true, true],
    ['exponential', { type: 'exponential', gamma: 0.99 }, true, false],
    ['cosine to 0', { type: 'cosine', T: 100, min: 0 }, true, false],
    ['cosine to min > 0', { type: 'cosine', T: 100, min: 0.001 }, false, true],
    ['warmup then inverse-time', { type: 'warmup', steps: 5, then: { type: 'inverse-time', tau: 3 } }, true, true],
    ['expr 1/t', { type: 'expr', expr: 'lr / t' }, true, true],
    ['expr 1/t²', { type: 'expr', expr: 'lr / t^2' }, true, false],
    ['expr constant', { type: 'expr', expr: 'lr' }, false, true],
  ])('%s', (_n, schedule, vanishes, divergentSum) => {
    const c = meetsConvergenceConditions(schedule);
    expect(c.vanishes).toBe(vanishes);
    expect(c.divergentSum).toBe(divergentSum);
    expect(c.meets).toBe(vanishes === true && divergentSum === true);
  });
});
