/**
 * Dynamics and noise against closed forms: gradient flow on a quadratic vs Φ* + e^{−Hτ}(Φ₀ − Φ*);
 * SGD's and Langevin's stationary spread in a 1-D quadratic basin vs C = ηΣ/(B(2H − δH²)).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { ENGINE_BACKENDS, engineFor, experiment, rowsOf, useBackend } from './engine-helpers';
import type { Coordinates } from '../../shared/experiment/packed-positions';

describe.each(ENGINE_BACKENDS)('%s backend', (name) => {
  beforeAll(() => useBackend(name));

  describe('gradient flow', () => {
    it('matches Φ* + e^{−Hτ}(Φ₀ − Φ*) at τ = Σ η_s, with a schedule', async () => {
      // L = ½(3(x − 1)² + (y + 2)²): H = diag(3, 1), Φ* = (1, −2).
      const { engine } = await engineFor({
        steps: 40,
        loss: { expr: '0.5*(3*(x-1)^2 + (y+2)^2)' },
        runs: [
          {
            optimizer: { type: 'sgd', lr: 0.2 },
            dynamics: { type: 'gradient-flow', substeps: 2 },
            schedule: { type: 'step', factor: 0.5, at: [20] },
            start: [2, 1],
          },
        ],
      });
      engine.step(40);
      const tau = 19 * 0.2 + 21 * 0.1; // the factor applies from step 20 on
      expect(engine.read(0).stats.tau).toBeCloseTo(tau, 10);
      const [x, y] = rowsOf(engine.read(1).positions, 2)[0]!;
      expect(x).toBeCloseTo(1 + Math.exp(-3 * tau) * (2 - 1), 5);
      expect(y).toBeCloseTo(-2 + Math.exp(-tau) * (1 + 2), 5);
      engine.dispose();
    });
  });

  /** Mean over particles and over snapshots of (x − x*)². */
  function spread(snapshots: Coordinates[], center: number): number {
    let s = 0;
    let n = 0;
    for (const snap of snapshots)
      for (const x of snap) {
        s += (x - center) ** 2;
        n++;
      }
    return s / n;
  }

  async function quadratic1d() {
    const exp = experiment({ steps: 1, loss: { preset: 'quadratic-1d' }, runs: [{ optimizer: { type: 'sgd' } }] });
    const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
    const u = Array.from(data.columns[0]!);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    const variance = u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length;
    return { mean, variance };
  }

  async function stationary(
    run: Record<string, unknown>,
    burn: number,
    samples: number,
    P: number,
    plain = false, // ½x² without data (H = 1, Φ* = 0) instead of the preset
  ) {
    const mean = plain ? 0 : (await quadratic1d()).mean;
    const { engine } = await engineFor({
      steps: burn + samples * 5,
      loss: plain ? { expr: '0.5*x^2', params: ['x'], domain: [[-2, 2]] } : { preset: 'quadratic-1d' },
      runs: [{ ...run, start: [mean], particles: P }],
    });
    engine.step(burn);
    const snaps: Coordinates[] = [];
    for (let k = 0; k < samples; k++) {
      engine.step(5);
      snaps.push(engine.read(P).positions);
    }
    engine.dispose();
    return { C: spread(snaps, mean) };
  }

  describe('stationary distributions in the quadratic basin ½(x − u)² (H = 1)', () => {
    it('SGD, batch 1: C = ηΣ/(2H − ηH²) and the excess loss ½C', async () => {
      const eta = 0.2;
      const { variance } = await quadratic1d();
      const expected = (eta * variance) / (2 - eta);
      const { C } = await stationary(
        { optimizer: { type: 'sgd', lr: eta }, gradient: { kind: 'minibatch', batch: 1 } },
        40,
        20,
        2000,
      );
      // 2000 particles × 20 snapshots (correlation 0.8⁵ apart): relative standard error ≈ 1 %.
      // For this loss L(x) − L(Φ*) = ½(x − x*)², so the excess loss is ½C.
      expect(Math.abs(C / expected - 1)).toBeLessThan(0.04);
    });

    it('SGD, batch 4: the spread shrinks by B', async () => {
      const eta = 0.2;
      const { variance } = await quadratic1d();
      const expected = (eta * variance) / (4 * (2 - eta));
      const { C } = await stationary(
        { optimizer: { type: 'sgd', lr: eta }, gradient: { kind: 'minibatch', batch: 4 } },
        40,
        20,
        2000,
      );
      expect(Math.abs(C / expected - 1)).toBeLessThan(0.05);
    });

    it('Langevin with minibatch Σ (sigmaSample 64), 2 substeps: C = ηΣ/(B(2H − dτH²))', async () => {
      const eta = 0.2;
      const { variance } = await quadratic1d();
      const expected = (eta * variance) / (2 * (2 - eta / 2));
      const { C } = await stationary(
        {
          optimizer: { type: 'sgd', lr: eta },
          gradient: { kind: 'minibatch', batch: 2 },
          dynamics: { type: 'langevin', substeps: 2 },
        },
        20,
        15,
        100,
      );
      expect(Math.abs(C / expected - 1)).toBeLessThan(0.15);
    }, 180_000); // full-data gradients each substep: ≈ 13 s alone, several times that on a busy machine

    it('Langevin with gaussian cov: C = η cov/(B(2H − dτH²))', async () => {
      const eta = 0.1;
      const { C } = await stationary(
        {
          optimizer: { type: 'sgd', lr: eta },
          gradient: { kind: 'gaussian', batch: 2, cov: [[3]] },
          dynamics: { type: 'langevin' },
        },
        60,
        20,
        2000,
        true,
      );
      expect(Math.abs(C / ((eta * 3) / (2 * (2 - eta))) - 1)).toBeLessThan(0.04);
    });

    it('Langevin with an exact gradient is gradient descent (Σ = 0)', async () => {
      const { engine } = await engineFor({
        steps: 3,
        loss: { expr: 'x^2', params: ['x'], domain: [[-2, 2]] },
        runs: [{ optimizer: { type: 'sgd', lr: 0.1 }, dynamics: 'langevin', start: [1] }],
      });
      engine.step(3);
      expect(engine.read(1).positions[0]).toBeCloseTo(0.8 ** 3, 6);
      engine.dispose();
    });
  });
});
