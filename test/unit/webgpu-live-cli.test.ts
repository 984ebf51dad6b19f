/**
 * `sgd-lab run --backend webgpu` on SwiftShader's software adapter (as CI sets it up; a missing adapter
 * fails, never skips): the summary line and recording.json name the adapter beside `"backend":
 * "webgpu"`, and the recording still parses as SPEC §9's; a compiled run writes no adapter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { RecordingSchema } from '../../shared/experiment/recording';
import { SWIFTSHADER_ICD } from './webgpu-helpers';

const ROOT = path.resolve(__dirname, '../..');

function run(backend: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgd-webgpu-cli-'));
  const file = path.join(dir, 'a.lab.json');
  const spec = { steps: 20, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'adam', lr: 0.01 } }] };
  writeFileSync(file, JSON.stringify(spec));
  const out = path.join(dir, 'out');
  const env: NodeJS.ProcessEnv = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD };
  delete env.SGD_LAB_BACKEND;
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/sgd-lab.mjs'), 'run', file, '--out', out, '--backend', backend],
    {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const recording = RecordingSchema.parse(JSON.parse(readFileSync(path.join(out, 'recording.json'), 'utf8')));
  return { stdout: r.stdout, recording };
}

it('names the adapter in the summary and in recording.json', () => {
  const gpu = run('webgpu');
  expect(gpu.recording.backend).toBe('webgpu');
  expect(gpu.recording.adapter).toMatch(/swiftshader/i);
  expect(gpu.stdout).toContain(`backend webgpu (${gpu.recording.adapter}),`);
  const cpu = run('compiled');
  expect(cpu.recording.backend).toBe('compiled');
  expect(cpu.recording).not.toHaveProperty('adapter');
  expect(gpu.recording.runs[0]!.final.loss!).toBeCloseTo(cpu.recording.runs[0]!.final.loss!, 4);
}, 240_000);
