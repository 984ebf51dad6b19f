/**
 * `sgd-lab run --backend webgpu` on a network, end to end in a real process on SwiftShader:
 * examples/two-moons.lab.json (SGD, momentum and Adam on the 2-16-16-1 tanh network, D = 337) cut to
 * 300 steps, recorded on the GPU and on the compiled backend. The GPU's recording says webgpu and its
 * adapter, and each run's final loss, accuracy and recorded steps match the compiled backend's (final
 * loss within 1e-3; float32 weights against float64 ones).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Recording } from '../../shared/experiment/recording';
import { SWIFTSHADER_ICD } from './webgpu-helpers';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

function run(file: string, out: string, backend: string): Recording {
  const env: NodeJS.ProcessEnv = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD };
  delete env.SGD_LAB_BACKEND;
  const r = spawnSync(process.execPath, [BIN, 'run', file, '--out', out, '--backend', backend, '--threads', '1'], {
    encoding: 'utf8',
    env,
  });
  expect(r.stderr.replace(/.*XDG_RUNTIME_DIR.*\n/g, ''), `${backend}: ${r.stderr}`).not.toMatch(/error|Error/);
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(path.join(out, 'recording.json'), 'utf8')) as Recording;
}

describe('sgd-lab run --backend webgpu on a network', () => {
  it('two moons: the recording matches the compiled backend (final loss within 1e-3)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-gpu-net-'));
    const example = JSON.parse(readFileSync(path.resolve(__dirname, '../../examples/two-moons.lab.json'), 'utf8'));
    const file = path.join(dir, 'moons.lab.json');
    writeFileSync(file, JSON.stringify({ ...example, steps: 300, record: { every: 100 } }));
    const gpu = run(file, path.join(dir, 'gpu'), 'webgpu');
    const cpu = run(file, path.join(dir, 'cpu'), 'compiled');
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.adapter).toMatch(/swiftshader/i);
    expect(cpu.backend).toBe('compiled');
    expect(gpu.runs.map((r) => r.name)).toEqual(['SGD', 'Momentum', 'Adam']);
    gpu.runs.forEach((g, i) => {
      const c = cpu.runs[i]!;
      expect(g.t).toEqual([0, 100, 200, 300]);
      expect(g.final.positions[0]).toHaveLength(337);
      expect(Math.abs(g.final.loss! - c.final.loss!)).toBeLessThan(1e-3);
      // It trained: the loss fell from its start.
      expect(g.final.loss!).toBeLessThan(g.loss[0]! - 0.05);
      expect(Math.abs(g.final.accuracy! - c.final.accuracy!)).toBeLessThanOrEqual(0.01);
    });
  }, 300_000);
});
