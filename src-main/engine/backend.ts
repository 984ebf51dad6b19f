/**
 * The one place that chooses a backend, for the command line, the sweeps and the lab's workers. By
 * default: `webgpu` (the compiled kernels as WGSL, through the optional `webgpu` package) when a
 * hardware adapter exists and the ensemble is large enough to gain from a GPU, then `tensorflow-gpu` (tfjs-node-gpu) when it loads, else `compiled` (the generated
 * float64 kernels on every core). TensorFlow.js's `tensorflow` (tfjs-node), `wasm` and `cpu` stay
 * selectable. The optional packages are imported dynamically inside try/catch, so nothing requires
 * them. `SGD_LAB_BACKEND` or an explicit name forces one; a forced backend that fails to load is an
 * error, not a silent fallback. In the lab, where the backend is chosen once per worker, a run of many
 * particles goes to a hardware GPU on its own (`gpuForRun`). A model (SPEC §13) keeps the compiled
 * float64 kernels by default; a large one goes to a hardware adapter (`gpuForRun`) or else to CUDA
 * through tfjs-node-gpu when it loads (`cudaForModel`).
 */
import type { Run } from '../../shared/experiment/experiment';
import type { BackendName, Tf, TfBackendName } from './api';
import { createRequire } from 'node:module';
import { loadTfCore, registerTfBackend, TF_BACKEND_PACKAGE } from './tfjs/plugin';
import { acquireGpu, probeAdapter, requireGpu, type AdapterSummary, type GpuHandle } from './webgpu/device';

/** Every backend, in the order `auto` considers them. */
export const BACKEND_ORDER: readonly BackendName[] = [
  'webgpu',
  'tensorflow-gpu',
  'compiled',
  'tensorflow',
  'wasm',
  'cpu',
];
/** TensorFlow.js's backends, in the order its own `auto` tries them. */
const TF_ORDER: readonly TfBackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/**
 * Particles from which a GPU backend is worth its start-up and transfers: all runs together for a whole
 * experiment, each run alone in the live lab (host/real-engine.ts).
 */
export const GPU_MIN_PARTICLES = 100_000;

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name);
}

export type EngineBackend =
  | { backend: 'compiled'; tf?: undefined }
  | { backend: 'webgpu'; tf?: undefined; adapter: string }
  | { backend: TfBackendName; tf: Tf };

/** The backend `preferred` or `SGD_LAB_BACKEND` forces, or undefined (auto). */
export function forcedBackend(preferred?: BackendName | 'auto'): string | undefined {
  const forced = preferred && preferred !== 'auto' ? preferred : process.env.SGD_LAB_BACKEND || undefined;
  return forced === 'auto' ? undefined : forced;
}

/** Where the lab looks for a GPU when no backend is forced (tests inject their own). */
export interface GpuPolicy {
  /** What finds the adapter (default: probeAdapter, asked quietly in a child process). */
  probe?: () => AdapterSummary | null;
  /** Particles from which a run goes to the GPU (default GPU_MIN_PARTICLES). */
  minParticles?: number;
}

/** A hardware adapter worth `particles` particles (a software one is slower than the CPU), or null. */
function worthyGpu(particles: number, policy: GpuPolicy = {}): AdapterSummary | null {
  if (particles < (policy.minParticles ?? GPU_MIN_PARTICLES)) return null;
  const found = (policy.probe ?? probeAdapter)();
  return found && !found.software ? found : null;
}

/**
 * The device a live run of `particles` particles steps on, or null for `picked`'s CPU engines: every
 * run when webgpu is forced, a large one on a hardware GPU when nothing is.
 */
export async function gpuForRun(
  picked: EngineBackend,
  preferred: BackendName | undefined,
  particles: number,
  policy: GpuPolicy = {},
): Promise<GpuHandle | null> {
  if (picked.backend === 'webgpu') return requireGpu();
  if (forcedBackend(preferred) !== undefined || !worthyGpu(particles, policy)) return null;
  return acquireGpu();
}

/**
 * The backend for an experiment of `particles` particles: a forced one (`preferred` or
 * `SGD_LAB_BACKEND`), else webgpu on a hardware adapter or tensorflow-gpu when it loads and the
 * ensemble is large, else compiled.
 */
export async function selectBackend(preferred?: BackendName | 'auto', particles = 0): Promise<EngineBackend> {
  const forced = forcedBackend(preferred);
  if (forced === 'compiled') return { backend: 'compiled' };
  if (forced === 'webgpu') return { backend: 'webgpu', adapter: (await requireGpu()).name };
  if (forced !== undefined) {
    if (!isBackendName(forced))
      throw new Error(`unknown backend ${forced}: choose one of ${BACKEND_ORDER.join(', ')} or auto`);
    return initBackend(forced as TfBackendName);
  }
  if (particles >= GPU_MIN_PARTICLES) {
    const adapter = worthyGpu(particles);
    if (adapter) return { backend: 'webgpu', adapter: adapter.name };
    try {
      return await initBackend('tensorflow-gpu');
    } catch {
      // no GPU: the compiled kernels
    }
  }
  return { backend: 'compiled' };
}

/** Registers TensorFlow.js's backend `name` (its package imported on first use) and makes it the active one. */
async function tryBackend(tf: Tf, name: TfBackendName): Promise<void> {
  await registerTfBackend(name);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend ${name} did not initialize`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`backend ${name} is not active (got ${tf.getBackend()})`);
}

/**
 * Loads TensorFlow.js on the preferred backend (`auto` or undefined: the first that works in its
 * order, unless `SGD_LAB_BACKEND` names one of TensorFlow.js's backends).
 */
export async function initBackend(preferred?: TfBackendName | 'auto'): Promise<{ tf: Tf; backend: TfBackendName }> {
  const tf = await loadTfCore();
  const env = process.env.SGD_LAB_BACKEND;
  const asked = preferred && preferred !== 'auto' ? preferred : env && env !== 'compiled' ? env : undefined;
  if (asked !== undefined && asked !== 'auto') {
    if (!(TF_ORDER as readonly string[]).includes(asked))
      throw new Error(`unknown backend ${asked}: choose one of ${TF_ORDER.join(', ')} or auto`);
    const forced = asked as TfBackendName;
    if (tf.getBackend() === forced) return { tf, backend: forced };
    try {
      await tryBackend(tf, forced);
    } catch (error) {
      throw new Error(`backend ${forced} is not available: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { tf, backend: forced };
  }
  const current = tf.getBackend() as string | undefined;
  for (const name of TF_ORDER) {
    if (current === name) return { tf, backend: name };
    try {
      await tryBackend(tf, name);
      return { tf, backend: name };
    } catch {
      // try the next one
    }
  }
  throw new Error('no TensorFlow.js backend could be initialized');
}

/**
 * Multiply-adds per step from which a model is large enough for CUDA: one forward pass of every
 * network over the examples it sees in a step, Σ_runs particles × examples × D (modelWork). 2²¹ sends
 * one digits network (784-64-10, D ≈ 51,000) on minibatches of 64 there and keeps 64 two-moons
 * networks (D = 337, B = 32) on the compiled kernels, where float64 costs little.
 */
export const CUDA_MODEL_WORK = 2 ** 21;

/** A model's work per step (see CUDA_MODEL_WORK): a minibatch's B examples per network, else all n rows. */
export function modelWork(runs: readonly Run[], n: number, D: number): number {
  return runs.reduce((w, r) => w + r.particles * (r.gradient.kind === 'minibatch' ? r.gradient.batch : n) * D, 0);
}

/**
 * TensorFlow.js on CUDA for a model when nothing is forced: tensorflow-gpu (tfjs-node-gpu) when it
 * loads and the model's `work` per step (asked only then: it needs the data) reaches CUDA_MODEL_WORK;
 * else null, the compiled CPU kernels.
 */
export async function cudaForModel(work: () => Promise<number>): Promise<{ tf: Tf; backend: TfBackendName } | null> {
  let loaded: { tf: Tf; backend: TfBackendName };
  try {
    // Resolved first, so a machine without it never loads TensorFlow.js's core for nothing.
    createRequire(import.meta.url).resolve(TF_BACKEND_PACKAGE['tensorflow-gpu']);
    loaded = await initBackend('tensorflow-gpu');
  } catch {
    return null; // not installed, or no CUDA: the compiled kernels
  }
  return (await work()) >= CUDA_MODEL_WORK ? loaded : null;
}
