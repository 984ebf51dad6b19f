/**
 * Shared helpers of the WebGPU tests: the software adapter (SwiftShader's Vulkan ICD from Debian's
 * chromium, as CI installs it), a GPU device (never null here: a missing adapter fails the tests, it
 * does not skip them), and one experiment recorded on the GPU and on the compiled CPU kernels.
 */
import type { Recording } from '../../shared/experiment/recording';
import type { Experiment } from '../../shared/experiment/experiment';
import { runCompiled } from '../../src-main/engine/compiled/parallel-runner';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { acquireGpu, type GpuHandle } from '../../src-main/engine/webgpu/device';
import { runWebGpu } from '../../src-main/engine/webgpu/runner';
import { experiment } from './engine-helpers';

/** Debian's chromium ships SwiftShader's Vulkan driver here. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The process's device, on the software adapter unless a driver is chosen already. */
export async function gpu(): Promise<GpuHandle> {
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  const handle = await acquireGpu();
  if (!handle) throw new Error(`no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES})`);
  return handle;
}

export type RunRecordings = Recording['runs'];

/** An experiment from a partial spec, recorded on the GPU and on the CPU (one thread). */
export async function bothWays(input: unknown): Promise<{ exp: Experiment; gpu: RunRecordings; cpu: RunRecordings }> {
  const exp = experiment(input);
  const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
  const handle = await gpu();
  const onGpu = await runWebGpu(exp, data, { gpu: handle });
  const onCpu = await runCompiled(exp, data, { threads: 1 });
  return { exp, gpu: onGpu, cpu: onCpu };
}

/** Only the GPU side. */
export async function onGpu(input: unknown): Promise<{ exp: Experiment; runs: RunRecordings }> {
  const exp = experiment(input);
  const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
  return { exp, runs: await runWebGpu(exp, data, { gpu: await gpu() }) };
}
