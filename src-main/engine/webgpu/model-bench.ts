/**
 * The network rows of the WebGPU benchmarks (`sgd-lab bench`'s webgpu rows, scripts/device-bench.sh):
 * the bench's 2-16-16-1 tanh network (D = 337) by Adam on minibatches of 32 from 1,000 two-moons rows,
 * 64 networks, in per-example gradients per second on the device beside the compiled CPU engine on
 * every core measured in the same run; and digits (784-64-10, D = 50,890), one network, B = 64, in
 * steps per second. The GPU's fixed costs (pipeline, first dispatch, the wait for the queue) are left
 * out by differencing two run lengths.
 */
import { availableParallelism } from 'node:os';
import type { Experiment } from '../../../shared/experiment/experiment';
import { validateExperiment } from '../../../shared/experiment/validate';
import { modelData } from '../../data/load-model-data';
import { createModelRunSet } from '../model/model-set';
import type { GpuHandle } from './device';
import { GpuModelEngine } from './model-engine';

/** Adam on `model` over `data`, `particles` networks on minibatches of `batch`. */
export function adamNetwork(model: object, data: object, particles: number, batch: number): Experiment {
  const r = validateExperiment({
    steps: 1_000_000,
    loss: { model, data },
    runs: [{ optimizer: { type: 'adam', lr: 1e-3 }, gradient: { kind: 'minibatch', batch }, particles, spread: 0.01 }],
    record: { every: 1_000_000, particles: 1 },
  });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.experiment;
}

const MOONS_NET = { hidden: [16, 16], activation: 'tanh', output: 'logistic' };
const MOONS_DATA = { dataset: 'two-moons', n: 1000, noise: 0.1, test: 0 };

/** Times `run(steps)` growing steps until it takes ≥ seconds/4, then the difference of n and 4n steps: steps/s. */
async function rate(run: (steps: number) => Promise<void>, seconds: number): Promise<number> {
  const timed = async (steps: number) => {
    const t0 = performance.now();
    await run(steps);
    return (performance.now() - t0) / 1000;
  };
  await timed(2);
  let n = 1;
  while ((await timed(n)) < seconds / 4 && n < 1 << 20) n *= 2;
  const short = await timed(n);
  const long = await timed(4 * n);
  return long > short ? (3 * n) / (long - short) : (4 * n) / long;
}

/** Network-steps per second of `experiment`'s one run on the GPU. */
export async function gpuNetworkSteps(gpu: GpuHandle, experiment: Experiment, seconds: number): Promise<number> {
  const engine = await GpuModelEngine.create(gpu, experiment, 0, await modelData(experiment, '.'));
  try {
    const steps = await rate(async (n) => {
      engine.step(n);
      await engine.idle();
    }, seconds);
    return steps * experiment.runs[0]!.particles;
  } finally {
    engine.dispose();
  }
}

/** Network-steps per second of the same on the compiled CPU engine (every core). */
export async function cpuNetworkSteps(experiment: Experiment, seconds: number): Promise<number> {
  const set = await createModelRunSet(experiment, '.');
  try {
    return (await rate(async (n) => set.step(n), seconds)) * experiment.runs[0]!.particles;
  } finally {
    await set.dispose();
  }
}

const fmt = (v: number) =>
  v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(1);

/** Prints the network rows on `gpu`. */
export async function networkGpuRows(gpu: GpuHandle, out: (line: string) => void, seconds = 1): Promise<void> {
  const where = `on WebGPU (${gpu.software ? 'SwiftShader, software' : gpu.name})`;
  const moons = adamNetwork(MOONS_NET, MOONS_DATA, 64, 32);
  const g = (await gpuNetworkSteps(gpu, moons, seconds)) * 32;
  const c = (await cpuNetworkSteps(moons, seconds)) * 32;
  out(
    `network   ${where}, 2-16-16-1 tanh (D = 337), adam, B = 32 of 1,000 rows, 64 networks: ${fmt(g)} per-example gradients/s; ` +
      `compiled CPU (${availableParallelism()} threads) ${fmt(c)} in the same run = ${(g / c).toFixed(2)}×`,
  );
  const digits = adamNetwork(
    { hidden: [64], activation: 'tanh', output: 'softmax' },
    { dataset: 'digits', n: 9000, test: 1000 },
    1,
    64,
  );
  try {
    const d = await gpuNetworkSteps(gpu, digits, seconds);
    out(`network   ${where}, digits 784-64-10 (D = 50,890), 1 network, B = 64: ${fmt(d)} steps/s`);
  } catch (error) {
    // The digits come from the mnist package, which a bundled benchmark may lack.
    out(`network   ${where}, digits: not measured (${error instanceof Error ? error.message : String(error)})`);
  }
}
