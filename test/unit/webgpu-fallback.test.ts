/**
 * Without a WebGPU adapter (here: VK_ICD_FILENAMES pointing at a missing driver file, in child
 * processes so that this process's adapter is untouched) the lab falls back cleanly: no device and no
 * probe result, `auto` picks the compiled kernels without a word on stderr even for a large ensemble,
 * and a forced `--backend webgpu` is an error of one line (exit 1), never a crash.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SWIFTSHADER_ICD } from './webgpu-helpers';

const ROOT = path.resolve(__dirname, '../..');
const NO_DRIVER: NodeJS.ProcessEnv = {
  ...process.env,
  VK_ICD_FILENAMES: path.join(ROOT, 'no-such-driver', 'icd.json'),
};
delete NO_DRIVER.SGD_LAB_BACKEND;

/** Runs ES module code under tsx in a child (by default without a driver). */
function child(code: string, env = NO_DRIVER) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('no WebGPU adapter', () => {
  it('auto picks the compiled kernels for a large ensemble, quietly', () => {
    const r = child(`
      const { probeAdapter } = await import('./src-main/engine/webgpu/device.ts');
      const { selectBackend, GPU_MIN_PARTICLES } = await import('./src-main/engine/backend.ts');
      const picked = await selectBackend('auto', 10 * GPU_MIN_PARTICLES);
      process.stdout.write(JSON.stringify({ probed: probeAdapter(), backend: picked.backend }));`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ probed: null, backend: 'compiled' });
  });

  it('gives no device, and a forced webgpu backend says why', () => {
    const r = child(`
      const { acquireGpu } = await import('./src-main/engine/webgpu/device.ts');
      const { selectBackend } = await import('./src-main/engine/backend.ts');
      let forced = 'chosen';
      try { await selectBackend('webgpu'); } catch (e) { forced = e.message; }
      process.stdout.write(JSON.stringify({ device: await acquireGpu(), forced }));`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      device: null,
      forced:
        'backend webgpu is not available: no WebGPU adapter (on Linux install a Vulkan driver; see the README, GPU)',
    });
  });

  it('sgd-lab run --backend webgpu exits 1 with that line, and writes no recording', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-webgpu-'));
    const file = path.join(dir, 'a.lab.json');
    writeFileSync(
      file,
      JSON.stringify({ steps: 5, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'sgd' } }] }),
    );
    const out = path.join(dir, 'out');
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/sgd-lab.mjs'), 'run', file, '--out', out, '--backend', 'webgpu'],
      {
        encoding: 'utf8',
        env: NO_DRIVER,
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('backend webgpu is not available: no WebGPU adapter');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(out, 'recording.json'))).toBe(false);
  });
});

describe('a software adapter', () => {
  it('is used when forced, never picked by auto', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD };
    delete env.SGD_LAB_BACKEND;
    const r = child(
      `
      const { selectBackend, GPU_MIN_PARTICLES } = await import('./src-main/engine/backend.ts');
      const auto = await selectBackend('auto', 10 * GPU_MIN_PARTICLES);
      const forced = await selectBackend('webgpu');
      process.stdout.write(JSON.stringify({ auto: auto.backend, forced }));`,
      env,
    );
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { auto: string; forced: { backend: string; adapter: string } };
    expect(got.auto).toBe('compiled');
    expect(got.forced.backend).toBe('webgpu');
    expect(got.forced.adapter).toMatch(/swiftshader/i);
  });
});
