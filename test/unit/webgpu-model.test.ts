/**
 * P networks on WebGPU (kernel/wgsl-model.ts, SwiftShader here) against the CPU model engine in
 * float64: a 2-8-1 tanh network on two moons, 4 networks from spread starts, minibatches of 16, 200
 * steps of SGD and of Adam. The GPU draws the same minibatch rows (the counter-keyed stream), so the
 * two trajectories agree step by step: every coordinate to float32's tolerance (1e-4 relative), where
 * another seed's rows put them apart by far more. A hot change of η mid-run rewrites the GPU's
 * hyperparameter block and both go on together.
 */
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/experiment/experiment';
import type { HyperPatch } from '../../src-main/engine/api';
import { ModelRun } from '../../src-main/engine/model/model-run';
import { GpuModelEngine } from '../../src-main/engine/webgpu/model-engine';
import { dataOf, modelExperiment, moons } from './model-reference';
import { gpu } from './webgpu-helpers';

const DATA = dataOf(moons(200, 0.1, 5));

const net = (optimizer: object, seed = 3): Experiment =>
  modelExperiment(
    { hidden: [8], activation: 'tanh', output: 'logistic' },
    [{ optimizer, gradient: { kind: 'minibatch', batch: 16 }, particles: 4, spread: 0.3 }],
    { seed, steps: 200 },
  );

/** The largest |GPU − CPU| / max(1, |CPU|) over every coordinate, and the final losses. */
async function compare(gpuExp: Experiment, cpuExp: Experiment, legs: { steps: number; patch?: HyperPatch }[]) {
  const g = await GpuModelEngine.create(await gpu(), gpuExp, 0, DATA);
  const c = new ModelRun(cpuExp, 0, DATA);
  try {
    for (const leg of legs) {
      if (leg.patch) {
        await g.setHyper(leg.patch);
        c.setHyper(leg.patch);
      }
      g.step(leg.steps);
      c.step(leg.steps);
    }
    await g.sync();
    const fg = g.read(4, true);
    const fc = c.read(4, true);
    const pg = fg.positions as Float64Array;
    const pc = fc.positions as Float64Array;
    expect(pg.length).toBe(4 * 33);
    let worst = 0;
    pc.forEach((v, i) => (worst = Math.max(worst, Math.abs(pg[i]! - v) / Math.max(1, Math.abs(v)))));
    return { worst, gpu: fg.stats, cpu: fc.stats };
  } finally {
    g.dispose();
  }
}

describe('networks on WebGPU against the CPU engine', () => {
  for (const optimizer of [
    { type: 'sgd', lr: 0.2 },
    { type: 'adam', lr: 0.01 },
  ]) {
    it(`${optimizer.type}: 4 networks × 200 steps agree to 1e-4 relative, the same rows drawn`, async () => {
      const r = await compare(net(optimizer), net(optimizer), [{ steps: 200 }]);
      expect(r.worst).toBeLessThan(1e-4);
      expect(r.gpu.t).toBe(200);
      expect(r.gpu.examples).toBe(200 * 16);
      expect(r.gpu.tau).toBeCloseTo(200 * optimizer.lr, 10);
      expect(Math.abs(r.gpu.loss - r.cpu.loss)).toBeLessThan(1e-5);
      expect(r.gpu.accuracy).toBe(r.cpu.accuracy);
      expect(r.gpu.diverged).toBeNull();
      // The training moved the networks: the agreement is not that of two standing still.
      expect(r.cpu.loss).toBeLessThan(0.45);
    });
  }

  it("another seed's minibatch rows give another trajectory (the agreement above is the rows')", async () => {
    const opt = { type: 'sgd', lr: 0.2 };
    const a = net(opt, 3);
    const b = net(opt, 4);
    // Same start weights (the run's initSeed pins them), other minibatch keys.
    const r = await compare(
      { ...b, runs: b.runs.map((run) => ({ ...run, initSeed: 3 })) },
      { ...a, runs: a.runs.map((run) => ({ ...run, initSeed: 3 })) },
      [{ steps: 200 }],
    );
    expect(r.worst).toBeGreaterThan(1e-2);
  });

  it('a hot change of η mid-run: the GPU rewrites its hyperparameters and stays with the CPU', async () => {
    const exp = net({ type: 'adam', lr: 0.01 });
    const lr = { ...exp.runs[0]!.optimizer, lr: 0.03 };
    const r = await compare(exp, exp, [{ steps: 60 }, { steps: 60, patch: { optimizer: lr } }]);
    expect(r.worst).toBeLessThan(1e-4);
    expect(r.gpu.lr).toBe(0.03);
    expect(r.gpu.tau).toBeCloseTo(60 * 0.01 + 60 * 0.03, 10);
  });
});
