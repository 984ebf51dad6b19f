/**
 * TensorFlow.js as an optional plug-in (issue #19 item 4): core and one package per backend, imported
 * only when a TensorFlow.js backend is asked for. A missing backend package is a message naming the
 * package to install; core comes with its gradients (d/dx Σx² = 2x, by hand); and the command line's
 * bundle resolves no TensorFlow.js module at all for a compiled run, only core and the cpu backend for
 * `--backend cpu`, never the CUDA package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend';
import { loadTfCore, registerTfBackend, TF_BACKEND_PACKAGE } from '../../src-main/engine/tfjs/plugin';
import { BIN } from './serve-process';

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-tfjs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the TensorFlow.js plug-in', () => {
  it('says which package to install for a backend whose package is missing', async () => {
    // @tensorflow/tfjs-node is no dependency of the lab at all.
    await expect(registerTfBackend('tensorflow')).rejects.toThrow(
      '@tensorflow/tfjs-node is not installed (npm install @tensorflow/tfjs-node@4.22.0)',
    );
    await expect(initBackend('tensorflow')).rejects.toThrow(
      'backend tensorflow is not available: @tensorflow/tfjs-node is not installed',
    );
    expect(TF_BACKEND_PACKAGE['tensorflow-gpu']).toBe('@tensorflow/tfjs-node-gpu');
  });

  it('loads core with its gradients: d/dx Σ x² = 2x on the cpu backend', async () => {
    const tf = await loadTfCore();
    await registerTfBackend('cpu');
    await tf.setBackend('cpu');
    const grad = tf.grad((x) => tf.sum(tf.square(x)));
    expect(Array.from(await grad(tf.tensor1d([1.5, -2, 0.25])).data())).toEqual([3, -4, 0.5]);
  });

  it('is never loaded by a compiled run of the command line; --backend cpu loads core and the cpu backend only', () => {
    // A module hook that reports every @tensorflow/* specifier the process resolves.
    const hook = path.join(dir, 'hook.mjs');
    writeFileSync(
      hook,
      `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@tensorflow/')) process.stderr.write('RESOLVED ' + specifier + '\\n');
  return next(specifier, context);
}`,
    );
    const register = path.join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hook}`).href)});\n`,
    );
    const experiment = path.join(dir, 'two.lab.json');
    writeFileSync(
      experiment,
      JSON.stringify({ steps: 2, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'sgd', lr: 0.001 } }] }),
    );
    const run = (backend: string) => {
      const r = spawnSync(
        process.execPath,
        ['--import', register, BIN, 'run', experiment, '--out', path.join(dir, backend), '--backend', backend],
        { encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      return [...r.stderr.matchAll(/^RESOLVED (\S+)$/gm)].map((m) => m[1]!);
    };
    expect(run('compiled')).toEqual([]);
    const cpu = new Set(run('cpu'));
    expect([...cpu].sort()).toEqual(['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-core']);
  });
});
