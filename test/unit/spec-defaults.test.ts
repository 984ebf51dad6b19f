/** The normalized experiment: every default filled in, cross-field checks with their paths. */
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../shared/experiment/validate';

const base = (runs: unknown[]) => ({ steps: 10, loss: { preset: 'quadratic-1d' }, runs });

describe('normalize', () => {
  it('fills the average lengths, eps, betas, schedule, gradient, dynamics and record', () => {
    const r = validateExperiment(
      base([
        { optimizer: { type: 'momentum' } },
        { optimizer: { type: 'rmsprop' } },
        { optimizer: { type: 'adam-simplified' } },
        { optimizer: { type: 'adam' }, particles: 300 },
        { optimizer: { type: 'momentum-ema', beta: 0.9 } },
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const [m, rms, as, adam, ema] = r.experiment.runs;
    expect(m!.optimizer).toEqual({ type: 'momentum', lr: 0.01, N: 10 });
    expect(rms!.optimizer).toMatchObject({ N: 100, eps: 1e-8, secondMoment: 'batch' });
    expect(as!.optimizer).toMatchObject({ Ng: 10, Ns: 1000, eps: 1e-8 });
    expect(adam!.optimizer).toMatchObject({ beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(ema!.optimizer).toEqual({ type: 'momentum-ema', lr: 0.01, beta: 0.9 });
    expect(m!.schedule).toEqual({ type: 'constant' });
    expect(m!.gradient).toEqual({ kind: 'exact' });
    expect(m!.dynamics).toEqual({ type: 'sgd' });
    expect(m!.spread).toBe(0);
    expect(r.experiment.record).toEqual({ every: 1, particles: 100 });
  });

  it('lists every problem by its path', () => {
    const r = validateExperiment(
      base([
        { optimizer: { type: 'sgd' } },
        { optimizer: { type: 'momentum', N: 0.5 } },
        {
          optimizer: { type: 'rmsprop', N: 4, secondMoment: 'examples' },
          gradient: { kind: 'minibatch', batch: 8 },
        },
        {
          optimizer: { type: 'adam-simplified', Ns: 2, secondMoment: 'examples' },
          gradient: { kind: 'minibatch', batch: 3 },
        },
      ]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toContain('runs[1].optimizer.N: must be ≥ 1');
  });

  it('still checks the formula when another part of the file fails the schema', () => {
    const r = validateExperiment({
      steps: 10,
      loss: { expr: 'x^2 + z*y' },
      runs: [{ optimizer: { type: 'momentum', N: 0.5 } }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'runs[0].optimizer.N: must be ≥ 1',
      'loss.expr: column 7: unknown variable z (parameters are x, y)',
    ]);
  });

  it('needs N_s ≥ B for secondMoment "examples"', () => {
    const r = validateExperiment(
      base([
        { optimizer: { type: 'rmsprop', N: 4, secondMoment: 'examples' }, gradient: { kind: 'minibatch', batch: 8 } },
        {
          optimizer: { type: 'adam-simplified', Ns: 2, secondMoment: 'examples' },
          gradient: { kind: 'minibatch', batch: 3 },
        },
      ]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['runs[0].optimizer.N', 'runs[1].optimizer.Ns']);
  });
});
