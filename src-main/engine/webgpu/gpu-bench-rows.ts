/**
 * The webgpu rows of `sgd-lab bench` and the device benchmark (scripts/device-bench.sh): Adam on
 * Rosenbrock with N(0, I) gradient noise, as the CPU rows measure it, in particle-steps per second;
 * then the network rows (model-bench.ts).
 * The fixed costs (pipeline, first dispatch, the wait for the queue) are left out by differencing two
 * run lengths.
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import { validateExperiment } from '../../../shared/experiment/validate';
import { NO_DATA } from '../loss/loss-data';
import { acquireGpu, probeAdapter, type GpuHandle } from './device';
import { GpuEnsemble } from './gpu-ensemble';
import { GpuRun } from './gpu-run';
import { networkGpuRows } from './model-bench';

/** Adam on Rosenbrock with N(0, I) noise for P particles (the CPU benchmark's work). */
export function adamNoise(P: number): Experiment {
  const r = validateExperiment({
    steps: 1_000_000,
    loss: { preset: 'rosenbrock' },
    runs: [
      {
        optimizer: { type: 'adam', lr: 1e-4 },
        particles: P,
        spread: 0.1,
        gradient: {
          kind: 'gaussian',
          batch: 1,
          cov: [
            [1, 0],
            [0, 1],
          ],
        },
      },
    ],
    record: { every: 1_000_000, particles: 1 },
  });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.experiment;
}

/** Particle-steps per second of Adam + noise at P particles on the device (about `seconds` of work). */
export async function gpuRate(gpu: GpuHandle, P: number, seconds = 1): Promise<number> {
  const run = await GpuRun.create(gpu.device, adamNoise(P), 0, NO_DATA);
  let t = 0;
  const timed = async (steps: number): Promise<number> => {
    const t0 = performance.now();
    run.advance(t, steps, false);
    await run.done();
    t += steps;
    return (performance.now() - t0) / 1000;
  };
  try {
    await timed(2);
    let n = 1;
    while ((await timed(n)) < seconds / 8 && n < 1 << 20) n *= 2;
    const short = await timed(n);
    const long = await timed(4 * n);
    const dt = long - short > 0 ? long - short : long;
    return (P * (long - short > 0 ? 3 * n : 4 * n)) / dt;
  } finally {
    run.dispose();
  }
}

/**
 * The live lab's rate on the device: frames of `perFrame` steps of Adam + noise at P particles, each
 * read back as a frame is (every loss, the first `shown` positions); frames per second.
 */
export async function liveFrameRate(
  gpu: GpuHandle,
  P: number,
  perFrame = 10,
  shown = 1000,
  seconds = 1,
): Promise<number> {
  const engine = await GpuEnsemble.create(gpu, adamNoise(P), 0, NO_DATA);
  const frame = async () => {
    engine.step(perFrame);
    await engine.sync(shown);
    engine.read(shown);
  };
  try {
    await frame();
    const t0 = performance.now();
    let frames = 0;
    while (performance.now() - t0 < seconds * 1000) {
      await frame();
      frames++;
    }
    return frames / ((performance.now() - t0) / 1000);
  } finally {
    engine.dispose();
  }
}

const fmt = (v: number) =>
  v >= 1e9 ? `${(v / 1e9).toFixed(2)}G` : v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : `${(v / 1e3).toFixed(1)}k`;

/** The device, or a line saying why there is none. */
async function device(): Promise<GpuHandle | string> {
  if (!probeAdapter())
    return 'no WebGPU adapter (Linux: a Vulkan driver; here VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)';
  return (await acquireGpu()) ?? 'the adapter gave no device';
}

/** Prints the webgpu rows of `sgd-lab bench` (P = 1e5 and 1e6), or why there are none. */
export async function webgpuBenchRows(out: (line: string) => void, sizes = [100_000, 1_000_000]): Promise<void> {
  const gpu = await device();
  if (typeof gpu === 'string') {
    out(`webgpu    ${gpu}`);
    return;
  }
  out(`webgpu    adapter: ${gpu.name}${gpu.software ? ' (software: slower than the CPU kernels)' : ''}`);
  for (const P of sizes) {
    const rate = await gpuRate(gpu, P);
    out(
      `webgpu    adam + noise, P = ${P.toExponential(0).replace('+', '').padEnd(6)} ${fmt(rate).padStart(8)} particle-steps/s`,
    );
  }
  const P = sizes[0]!;
  const fps = await liveFrameRate(gpu, P);
  out(
    `webgpu    live lab, P = ${P.toExponential(0).replace('+', '')}, 10 steps a frame: ${fps.toFixed(1)} frames/s (${fmt(fps * 10 * P)} particle-steps/s)`,
  );
  await networkGpuRows(gpu, out);
}
