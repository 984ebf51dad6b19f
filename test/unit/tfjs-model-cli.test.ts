/**
 * `sgd-lab run --backend cpu` on a network, end to end in a real process: examples/two-moons.lab.json
 * (SGD, momentum and Adam on the 2-16-16-1 tanh network, D = 337) cut to 200 steps, recorded on
 * TensorFlow.js's cpu backend (float32) and on the compiled backend (float64). Each run's final loss
 * matches within 1e-3, its accuracy within one example in a hundred. And the rule that sends a model
 * to CUDA when nothing is forced, on hand-counted sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Recording } from '../../shared/experiment/recording';
import type { Run } from '../../shared/experiment/experiment';
import { CUDA_MODEL_WORK, modelWork } from '../../src-main/engine/backend';
import { modelBackend } from '../../src-main/engine/model/model-set';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

function run(file: string, out: string, backend: string): Recording {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.SGD_LAB_BACKEND;
  const r = spawnSync(process.execPath, [BIN, 'run', file, '--out', out, '--backend', backend, '--threads', '1'], {
    encoding: 'utf8',
    env,
  });
  expect(r.stderr, `${backend}: ${r.stderr}`).not.toMatch(/error|Error/);
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(path.join(out, 'recording.json'), 'utf8')) as Recording;
}

describe('sgd-lab run --backend cpu (TensorFlow.js) on a network', () => {
  it('two moons: the recording matches the compiled backend (final loss within 1e-3)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-tfjs-net-'));
    const example = JSON.parse(readFileSync(path.resolve(__dirname, '../../examples/two-moons.lab.json'), 'utf8'));
    const file = path.join(dir, 'moons.lab.json');
    writeFileSync(file, JSON.stringify({ ...example, steps: 200, record: { every: 100 } }));
    const tf = run(file, path.join(dir, 'tf'), 'cpu');
    const cpu = run(file, path.join(dir, 'compiled'), 'compiled');
    expect(tf.backend).toBe('cpu');
    expect(cpu.backend).toBe('compiled');
    expect(tf.runs.map((r) => r.name)).toEqual(['SGD', 'Momentum', 'Adam']);
    tf.runs.forEach((g, i) => {
      const c = cpu.runs[i]!;
      expect(g.t).toEqual([0, 100, 200]);
      expect(g.final.positions[0]).toHaveLength(337);
      expect(Math.abs(g.final.loss! - c.final.loss!)).toBeLessThan(1e-3);
      // It trained: the loss fell from its start.
      expect(g.final.loss!).toBeLessThan(g.loss[0]! - 0.05);
      expect(Math.abs(g.final.accuracy! - c.final.accuracy!)).toBeLessThanOrEqual(0.01);
    });
  }, 300_000);
});

describe('which backend a model runs on', () => {
  const runs = (particles: number, gradient: Run['gradient']) => [{ particles, gradient }] as unknown as Run[];

  it('a forced name is kept (TensorFlow.js ones included); nothing or auto starts from compiled; a typo is refused', () => {
    expect(modelBackend(undefined)).toBe('compiled');
    expect(modelBackend('auto')).toBe('compiled');
    for (const name of ['compiled', 'webgpu', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'])
      expect(modelBackend(name)).toBe(name);
    expect(() => modelBackend('cuda')).toThrow(
      'backend cuda: a model (loss.model) runs on webgpu, tensorflow-gpu, compiled, tensorflow, wasm, cpu or auto',
    );
  });

  it('CUDA only for a large model: one digits network on B = 64 goes, 64 two-moons networks on B = 32 stay', () => {
    // 784-64-10: D = 785·64 + 65·10 = 50,890; 64 examples a step.
    expect(modelWork(runs(1, { kind: 'minibatch', batch: 64 }), 10_000, 50_890)).toBe(64 * 50_890);
    expect(64 * 50_890).toBeGreaterThanOrEqual(CUDA_MODEL_WORK);
    // 2-16-16-1: D = 3·16 + 17·16 + 17 = 337.
    expect(modelWork(runs(64, { kind: 'minibatch', batch: 32 }), 1000, 337)).toBe(64 * 32 * 337);
    expect(64 * 32 * 337).toBeLessThan(CUDA_MODEL_WORK);
    // An exact gradient sees every row each step.
    expect(modelWork(runs(2, { kind: 'exact' }), 1000, 337)).toBe(2 * 1000 * 337);
  });
});
