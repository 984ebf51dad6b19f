/**
 * The device benchmark (run by scripts/device-bench.sh on a machine with a GPU): the adapter, Adam on
 * Rosenbrock with N(0, I) noise at P = 1e5 … 1e7 on the GPU (goal at 1e7: ≥ 1e10 particle-steps/s),
 * the same work on one CPU thread for the crossover, and a deterministic run checked against the CPU
 * kernels; then the network rows (model-bench.ts: per-example gradients/s beside the compiled CPU engine,
 * digits steps/s). With no adapter it says so and exits 3, so that the script records what happened.
 */
import { availableParallelism } from 'node:os';
import { validateExperiment } from '../../../shared/experiment/validate';
import { runCompiled } from '../compiled/parallel-runner';
import { NO_DATA } from '../loss/loss-data';
import { adamNoise, gpuRate } from './gpu-bench-rows';
import { acquireGpu, probeAdapter } from './device';
import { networkGpuRows } from './model-bench';
import { runWebGpu } from './runner';

const out = (line: string) => process.stdout.write(`${line}\n`);
const e = (v: number) => v.toExponential(2);

/** Particle-steps per second of the same work on the compiled CPU kernels, one thread. */
async function cpuRate(P: number): Promise<number> {
  const time = async (steps: number) => {
    const exp = { ...adamNoise(P), steps, record: { every: steps, particles: 1 } };
    const t0 = performance.now();
    await runCompiled(exp, NO_DATA, { threads: 1 });
    return (performance.now() - t0) / 1000;
  };
  const steps = Math.max(4, Math.round(2e6 / P));
  await time(2); // compiles the kernel (cached by source)
  const a = await time(steps);
  const b = await time(3 * steps);
  return (P * 2 * steps) / Math.max(b - a, 1e-9);
}

async function main(): Promise<number> {
  const sizes = (process.argv[2] ?? '1e5,1e6,1e7').split(',').map(Number);
  out(
    `node ${process.version}, ${availableParallelism()} cores, VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? ''}`,
  );
  const probed = probeAdapter();
  out(`probe: ${probed ? `${probed.name}${probed.software ? ' (software)' : ''}` : 'no adapter'}`);
  const gpu = await acquireGpu();
  if (!gpu) {
    out('no WebGPU adapter in this process either: nothing measured');
    return 3;
  }
  out(`adapter: ${gpu.name}${gpu.software ? ' (software)' : ''}`);

  // Agreement first: a deterministic Adam run, GPU against CPU.
  const r = validateExperiment({
    steps: 200,
    loss: { preset: 'rosenbrock' },
    runs: [{ optimizer: { type: 'adam', lr: 0.01 }, particles: 1000, spread: 0.2 }],
    record: { every: 200, particles: 1000 },
  });
  if (!r.ok) throw new Error('the check experiment is invalid');
  const [g] = await runWebGpu(r.experiment, NO_DATA, { gpu });
  const [c] = await runCompiled(r.experiment, NO_DATA, { threads: 1 });
  let worst = 0;
  g!.final.positions.forEach((row, i) =>
    row.forEach((v, d) => (worst = Math.max(worst, Math.abs(v! - c!.final.positions[i]![d]!)))),
  );
  out(`check: adam, 1000 particles × 200 steps, largest |GPU − CPU| coordinate difference ${e(worst)}`);

  for (const P of sizes) {
    const rate = await gpuRate(gpu, P, 2);
    const cpu = P <= 1e6 ? await cpuRate(P) : NaN;
    const goal = P >= 1e7 ? `  goal ≥ 1e10: ${rate >= 1e10 ? 'met' : 'not met'}` : '';
    const vsCpu = Number.isFinite(cpu)
      ? `, one CPU thread ${e(cpu)} (GPU = ${(rate / cpu).toFixed(1)} CPU threads)`
      : '';
    out(`adam + noise, P = ${e(P)}: GPU ${e(rate)} particle-steps/s${vsCpu}${goal}`);
  }
  await networkGpuRows(gpu, out, 2);
  return 0;
}

process.exitCode = await main();
