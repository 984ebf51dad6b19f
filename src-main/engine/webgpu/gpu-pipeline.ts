/**
 * What the GPU runs share (a formula run, gpu-run.ts; a model run, model-gpu-run.ts): a WGSL kernel
 * compiled to a compute pipeline inside one validation error scope, bind groups of buffers, one
 * dispatch, and the particles' state and status in segments (uploaded from and read back to the CPU).
 */
import { readBack, type ReadCopy } from './gpu-state';
import {
  BufferUsage,
  ShaderStage,
  type GpuBindGroup,
  type GpuBuffer,
  type GpuDevice,
  type GpuLayout,
  type GpuPipeline,
} from './gpu-types';

/** A buffer the kernel reads and writes, and that is copied to and from. */
export const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** Rounds a byte size up to WebGPU's 4-byte multiple (and at least 4). */
export const bytes = (n: number) => Math.max(4, Math.ceil(n / 4) * 4);

/** How the kernel sees one binding. */
export type BindingType = 'storage' | 'read-only-storage' | 'uniform';

/**
 * Compiles `code` (binding i of group 0 of type `types[i]`) and builds what runs it with `make`, all in
 * one validation error scope: a compile error says `the WGSL <what> did not compile: line L: …`, any
 * other validation error (a buffer too large, a bad binding) `WebGPU: …`.
 */
export async function withPipeline<T>(
  device: GpuDevice,
  code: string,
  types: readonly BindingType[],
  what: string,
  make: (pipeline: GpuPipeline, layout: GpuLayout) => T,
): Promise<T> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const layout = device.createBindGroupLayout({
    entries: types.map((type, binding) => ({ binding, visibility: ShaderStage.COMPUTE, buffer: { type } })),
  });
  let pipeline: GpuPipeline;
  try {
    pipeline = await device.createComputePipelineAsync({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
  } catch (error) {
    await device.popErrorScope();
    const first = (await module.getCompilationInfo()).messages.find((m) => m.type === 'error');
    throw new Error(
      `the WGSL ${what} did not compile: ${first ? `line ${first.lineNum}: ${first.message}` : String(error)}`,
    );
  }
  const made = make(pipeline, layout);
  const failure = await device.popErrorScope();
  if (failure) throw new Error(`WebGPU: ${failure.message}`);
  return made;
}

/** A bind group with `buffers[i]` at binding i. */
export function bindGroup(device: GpuDevice, layout: GpuLayout, buffers: GpuBuffer[]): GpuBindGroup {
  return device.createBindGroup({
    layout,
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/** Queues one dispatch of `pipeline` over gx × gy workgroups with `group` bound. */
export function dispatch(device: GpuDevice, pipeline: GpuPipeline, group: GpuBindGroup, gx: number, gy: number): void {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(gx, gy);
  pass.end();
  device.queue.submit([enc.finish()]);
}

/** The most bytes one storage binding of `device` may hold. */
export function bindingLimit(device: GpuDevice): number {
  return Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
}

/** Particles [p0, p0 + count) with their state (W floats each) and status buffers. */
export interface StateSegment {
  p0: number;
  count: number;
  state: GpuBuffer;
  status: GpuBuffer;
}

/** Every particle's whole state (W floats) and status, as the CPU holds them. */
export interface StateRows {
  state: Float32Array;
  status: Uint32Array;
}

/** A segment's state and status buffers, filled from the CPU's `start` (particles p0 … p0 + count − 1). */
export function uploadSegment(device: GpuDevice, start: StateRows, W: number, p0: number, count: number): StateSegment {
  const state = device.createBuffer({ size: bytes(4 * count * W), usage: STORAGE });
  device.queue.writeBuffer(state, 0, start.state.subarray(p0 * W, (p0 + count) * W));
  const status = device.createBuffer({ size: bytes(4 * count), usage: STORAGE });
  device.queue.writeBuffer(status, 0, start.status.subarray(p0, p0 + count));
  return { p0, count, state, status };
}

/** Reads back every particle's whole state and status from `segments` (P particles in all). */
export async function readStates(
  device: GpuDevice,
  segments: StateSegment[],
  W: number,
  P: number,
): Promise<StateRows> {
  const out: StateRows = { state: new Float32Array(P * W), status: new Uint32Array(P) };
  await readBack(
    device,
    segments.flatMap((s): ReadCopy[] => [
      [s.state, 4 * s.count * W, (b) => out.state.set(new Float32Array(b, 0, s.count * W), s.p0 * W)],
      [s.status, 4 * s.count, (b) => out.status.set(new Uint32Array(b, 0, s.count), s.p0)],
    ]),
  );
  return out;
}
