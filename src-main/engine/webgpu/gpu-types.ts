/**
 * The few parts of the WebGPU API the engine uses, as local types: the `webgpu` package is an optional
 * dependency, so nothing here may need its type declarations to exist. Flag values are WebGPU's.
 */

export const BufferUsage = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
export const MapMode = { READ: 1 } as const;
export const ShaderStage = { COMPUTE: 4 } as const;

export interface GpuBuffer {
  readonly size: number;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

export interface GpuComputePass {
  setPipeline(pipeline: GpuPipeline): void;
  setBindGroup(index: number, group: GpuBindGroup): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

export interface GpuCommandEncoder {
  beginComputePass(): GpuComputePass;
  copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): void;
  finish(): unknown;
}

export interface GpuQueue {
  writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView): void;
  submit(commands: unknown[]): void;
  onSubmittedWorkDone(): Promise<void>;
}

export type GpuPipeline = { readonly __pipeline?: never };
export type GpuBindGroup = { readonly __bindGroup?: never };
export type GpuLayout = { readonly __layout?: never };

export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

export interface GpuCompilationMessage {
  type: string;
  message: string;
  lineNum: number;
}

export interface GpuDevice {
  readonly limits: GpuLimits;
  readonly queue: GpuQueue;
  createBuffer(d: { size: number; usage: number; label?: string }): GpuBuffer;
  createShaderModule(d: { code: string }): {
    getCompilationInfo(): Promise<{ messages: readonly GpuCompilationMessage[] }>;
  };
  createBindGroupLayout(d: {
    entries: { binding: number; visibility: number; buffer: { type: 'storage' | 'read-only-storage' | 'uniform' } }[];
  }): GpuLayout;
  createPipelineLayout(d: { bindGroupLayouts: GpuLayout[] }): GpuLayout;
  createComputePipelineAsync(d: {
    layout: GpuLayout;
    compute: { module: unknown; entryPoint: string };
  }): Promise<GpuPipeline>;
  createBindGroup(d: {
    layout: GpuLayout;
    entries: { binding: number; resource: { buffer: GpuBuffer } }[];
  }): GpuBindGroup;
  createCommandEncoder(): GpuCommandEncoder;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<{ message: string } | null>;
  destroy(): void;
}

export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}

export interface GpuAdapter {
  readonly info: GpuAdapterInfo;
  readonly limits: GpuLimits;
  requestDevice(d?: { requiredLimits?: Partial<GpuLimits> }): Promise<GpuDevice>;
}

export interface Gpu {
  requestAdapter(o?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapter | null>;
}
