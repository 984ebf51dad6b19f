/**
 * The live lab on the GPU: a lab host whose worker is forced onto `webgpu` (SwiftShader's software
 * adapter, as CI sets it up; no adapter fails the test, it never skips) against one on the compiled
 * CPU kernels, on the same deterministic runs (exact gradient). Frames agree to float32 precision;
 * a hot learning-rate patch lands at the next step (SGD on x² + y²: Φ ← (1 − 2η) Φ, by hand); the
 * status bar and the exported recording name the adapter, and its runs are exactly what the
 * whole-experiment GPU runner (`sgd-lab run --backend webgpu`) records.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { RecordingSchema } from '../../shared/experiment/recording';
import { LabHost } from '../../src-main/host/lab-host';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { runWebGpu } from '../../src-main/engine/webgpu/runner';
import { collect } from './lab-fixtures';
import { gpu as device, SWIFTSHADER_ICD } from './webgpu-helpers';

// Before the hosts start their workers: they take this process's environment.
process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;

const onGpu = new LabHost({ size: 1, backend: 'webgpu' });
const onCpu = new LabHost({ size: 1, backend: 'compiled' });
afterAll(async () => {
  await onGpu.close();
  await onCpu.close();
});

/** Two runs on Rosenbrock (Adam and momentum, exact gradient) and one SGD run on x² + y². */
const spec = {
  version: 1,
  seed: 7,
  steps: 1000,
  loss: {
    expr: '(1 - x)^2 + 100 * (y - x^2)^2',
    domain: [
      [-2, 2],
      [-1, 3],
    ],
  },
  runs: [
    { name: 'adam', optimizer: { type: 'adam', lr: 0.01 }, particles: 300, spread: 0.3, start: [-1.5, 2] },
    { name: 'momentum', optimizer: { type: 'momentum', lr: 0.0005 }, particles: 200, spread: 0.2, start: [0, 0] },
  ],
  record: { every: 5, particles: 50 },
};

const close = (a: number, b: number, rel = 1e-4) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

function expectSameFrame(g: Frame, c: Frame): void {
  expect(g.t).toBe(c.t);
  expect(g.lr).toBe(c.lr);
  expect(g.examples).toBe(c.examples);
  expect(g.diverged).toBe(c.diverged);
  close(g.tau, c.tau, 1e-12);
  for (const k of ['loss', 'lossMin', 'lossMax'] as const) close(g[k], c[k]);
  expect(g.positions.length).toBe(c.positions.length);
  for (let i = 0; i < c.positions.length; i++) close(g.positions[i]!, c.positions[i]!);
}

describe('the lab on webgpu', () => {
  it('steps runs whose frames agree with the compiled kernels, and says which adapter', async () => {
    const gpu = collect(onGpu);
    const cpu = collect(onCpu);
    for (const host of [onGpu, onCpu]) {
      expect(await host.handle({ type: 'load', spec })).toMatchObject({ ok: true });
      expect(await host.handle({ type: 'step', n: 3 })).toEqual({ ok: true });
      expect(await host.handle({ type: 'step', n: 9 })).toEqual({ ok: true });
    }
    for (const run of [0, 1]) {
      const g = gpu.frames.filter((f) => f.run === run);
      const c = cpu.frames.filter((f) => f.run === run);
      expect(g.map((f) => f.t)).toEqual([0, 3, 12]);
      expect(c.map((f) => f.t)).toEqual([0, 3, 12]);
      g.forEach((f, k) => expectSameFrame(f, c[k]!));
    }
    expect(onGpu.state().backend).toMatch(/^webgpu: .*swiftshader/i);
    expect(onCpu.state().backend).toBe('compiled (CPU)');
  }, 120_000);

  it('exports a recording that names the adapter, its records agreeing with the compiled ones', async () => {
    const [g, c] = await Promise.all([onGpu.handle({ type: 'export' }), onCpu.handle({ type: 'export' })]);
    const gpu = RecordingSchema.parse((g as { recording: unknown }).recording);
    const cpu = RecordingSchema.parse((c as { recording: unknown }).recording);
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.adapter).toMatch(/swiftshader/i);
    expect(cpu.backend).toBe('compiled');
    expect(cpu.adapter).toBeUndefined();
    gpu.runs.forEach((run, i) => {
      const ref = cpu.runs[i]!;
      expect(run.t).toEqual([0, 5, 10, 12]);
      expect(run.t).toEqual(ref.t);
      run.loss.forEach((l, k) => close(l!, ref.loss[k]!));
      expect(run.positions[1]!.length).toBe(50);
      run.positions.forEach((rows, k) =>
        rows.forEach((row, j) => row.forEach((v, d) => close(v!, ref.positions[k]![j]![d]!))),
      );
      expect(run.final.positions.length).toBe(spec.runs[i]!.particles);
      run.final.positions.forEach((row, j) => row.forEach((v, d) => close(v!, ref.final.positions[j]![d]!)));
    });
    // The same experiment run whole to step 12 on the GPU (sgd-lab run's path) records the same numbers.
    const whole = { ...gpu.spec, steps: 12 };
    const data = await loadDataSet(whole.loss, { seed: whole.seed, baseDir: '.' });
    expect(await runWebGpu(whole, data, { gpu: await device() })).toEqual(gpu.runs);
  }, 120_000);

  it('applies a hot learning-rate patch at the next step', async () => {
    const { frames } = collect(onGpu);
    const quadratic = {
      version: 1,
      seed: 1,
      steps: 100,
      loss: {
        expr: 'x^2 + y^2',
        domain: [
          [-3, 3],
          [-3, 3],
        ],
      },
      runs: [{ name: 'SGD', optimizer: { type: 'sgd', lr: 0.1 }, particles: 4, spread: 0, start: [1, -2] }],
    };
    expect(await onGpu.handle({ type: 'load', spec: quadratic })).toMatchObject({ ok: true });
    await onGpu.handle({ type: 'step', n: 2 });
    expect(await onGpu.handle({ type: 'patchRun', index: 0, patch: { field: 'lr', value: 0.25 } })).toMatchObject({
      ok: true,
    });
    await onGpu.handle({ type: 'step', n: 1 });
    const last = frames.at(-1)!;
    expect(last.t).toBe(3);
    expect(last.lr).toBe(0.25);
    const factor = (1 - 2 * 0.1) ** 2 * (1 - 2 * 0.25);
    expect(last.positions[0]).toBeCloseTo(factor, 6);
    expect(last.positions[1]).toBeCloseTo(-2 * factor, 6);
    close(last.loss, 5 * factor ** 2, 1e-6);
    close(last.tau, 0.1 + 0.1 + 0.25, 1e-12);
  }, 120_000);
});
