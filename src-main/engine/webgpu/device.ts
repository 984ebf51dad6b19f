/**
 * WebGPU in Node through the optional `webgpu` package (Dawn's Node bindings): the adapter and device,
 * or null where there is none — the package is not installed, or no driver gives an adapter (Linux
 * needs a Vulkan driver; see the README's GPU section). Nothing here throws for a missing GPU.
 *
 * `probeAdapter` asks in a child process, so that Dawn's own messages about missing or refused drivers
 * (written by native code to stderr) never reach the user when the lab only looks for a GPU; the device
 * itself is then acquired in this process.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Gpu, GpuAdapter, GpuAdapterInfo, GpuDevice } from './gpu-types';

/** A device with what the lab says about it. */
export interface GpuHandle {
  device: GpuDevice;
  /** The adapter's name as the lab shows it (vendor, architecture, description). */
  name: string;
  /** A software rasterizer (SwiftShader, llvmpipe, WARP …): correct, but slower than the CPU kernels. */
  software: boolean;
}

/** What the probe learns about the adapter. */
export interface AdapterSummary {
  name: string;
  software: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|warp/i;

export function describeAdapter(info: GpuAdapterInfo): AdapterSummary {
  const parts = [info.vendor, info.architecture, info.description || info.device].filter((s) => s && s.length > 0);
  const name = [...new Set(parts)].join(' ') || 'unknown adapter';
  return { name, software: info.isFallbackAdapter === true || SOFTWARE.test(parts.join(' ')) };
}

/** The `webgpu` package's entry file, or null when it is not installed. */
function packageEntry(): string | null {
  try {
    return createRequire(import.meta.url).resolve('webgpu');
  } catch {
    return null;
  }
}

/** A dynamic import the bundler and the type checker leave alone. */
const optionalImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

let acquiring: Promise<GpuHandle | null> | undefined;

/** The process's WebGPU device (one, shared), or null. */
export function acquireGpu(): Promise<GpuHandle | null> {
  acquiring ??= acquire().catch(() => null);
  return acquiring;
}

async function acquire(): Promise<GpuHandle | null> {
  const entry = packageEntry();
  if (!entry) return null;
  const mod = (await optionalImport(pathToFileURL(entry).href)) as {
    create: (options: string[]) => Gpu;
    globals: Record<string, unknown>;
  };
  // Dawn's classes as globals (GPUBufferUsage …), as in a browser.
  Object.assign(globalThis, mod.globals);
  const gpu = mod.create([]);
  const adapter: GpuAdapter | null = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  // Keep the instance alive as long as the device (Dawn's objects are reference counted from JS).
  (device as unknown as { __gpu?: Gpu }).__gpu = gpu;
  return { device, ...describeAdapter(adapter.info) };
}

/** The device, or an error saying that none is there (for a forced `--backend webgpu`). */
export async function requireGpu(): Promise<GpuHandle> {
  // The quiet probe first: where it finds nothing, Dawn's driver messages are never printed here.
  const gpu = probeAdapter() ? await acquireGpu() : null;
  if (!gpu)
    throw new Error(
      'backend webgpu is not available: no WebGPU adapter (on Linux install a Vulkan driver; see the README, GPU)',
    );
  return gpu;
}

const PROBE = (url: string) => `
const { create, globals } = await import(${JSON.stringify(url)});
Object.assign(globalThis, globals);
const a = await create([]).requestAdapter({ powerPreference: 'high-performance' });
process.stdout.write(JSON.stringify(a ? { ...Object.fromEntries(['vendor', 'architecture', 'device', 'description', 'isFallbackAdapter'].map((k) => [k, a.info[k]])) } : null));
process.exit(0);
`;

let probed: AdapterSummary | null | undefined;

/** The adapter a child process finds (its stderr discarded), or null; asked once per process. */
export function probeAdapter(): AdapterSummary | null {
  if (probed !== undefined) return probed;
  probed = null;
  const entry = packageEntry();
  if (!entry) return probed;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE(pathToFileURL(entry).href)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
    // Under Electron, execPath is Electron itself: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  try {
    const info = JSON.parse(r.stdout) as GpuAdapterInfo | null;
    if (info) probed = describeAdapter(info);
  } catch {
    // no answer: no adapter
  }
  return probed;
}
