/**
 * What the status bar and an export say about where the lab's runs step (run-backends.ts): one
 * backend as it is (the compiled kernels marked as the CPU's), the GPU with its adapter, and a lab
 * whose large runs are on the GPU and small ones on the CPU as both, the GPU's runs counted.
 */
import { expect, it } from 'vitest';
import { runsBackend } from '../../src-main/host/run-backends';

const gpu = { backend: 'webgpu', adapter: 'nvidia ampere RTX 3080' };
const cpu = { backend: 'compiled' };

it('names one backend, the GPU with its adapter, or both with the GPU first', () => {
  expect(runsBackend([])).toBeNull();
  expect(runsBackend([undefined, null])).toBeNull();
  expect(runsBackend([cpu, cpu])).toEqual({ backend: 'compiled', label: 'compiled (CPU)' });
  expect(runsBackend([{ backend: 'wasm' }])).toEqual({ backend: 'wasm', label: 'wasm' });
  expect(runsBackend([gpu, undefined, gpu])).toEqual({
    backend: 'webgpu',
    adapter: gpu.adapter,
    label: 'webgpu: nvidia ampere RTX 3080',
  });
  expect(runsBackend([cpu, gpu, cpu])).toEqual({
    backend: 'webgpu+compiled',
    adapter: gpu.adapter,
    label: 'webgpu: nvidia ampere RTX 3080 (1 of 3 runs) + compiled (CPU)',
  });
});
