/**
 * The WGSL generator: no text from the user reaches the source (renaming parameters, even to WGSL's
 * keywords and the kernel's own names, changes nothing; numbers are re-printed as float32 values;
 * what the whitelist refuses never becomes source), and the GPU's random streams give the CPU's u32
 * sequence and minibatch rows draw for draw.
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../shared/optim/descriptors';
import { planRun } from '../../src-main/engine/kernel/plan';
import { randomModule } from '../../src-main/engine/random/counter-js';
import { wgslKernelSource } from '../../src-main/engine/kernel/wgsl-kernel';
import { wgslRandom } from '../../src-main/engine/random/counter-wgsl';
import { wgslNumber } from '../../src-main/engine/kernel/wgsl-target';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { describeAdapter } from '../../src-main/engine/webgpu/device';
import { BufferUsage, MapMode, ShaderStage } from '../../src-main/engine/webgpu/gpu-types';
import { experiment } from './engine-helpers';
import { gpu } from './webgpu-helpers';

const SQUARE = [
  [-1, 1],
  [-1, 1],
];

const sourceOf = (loss: Record<string, unknown>, type = 'adam') => {
  const exp = experiment({ steps: 1, loss, runs: [{ optimizer: { type }, start: [0.5, 0.5] }] });
  return wgslKernelSource(planRun(exp, exp.runs[0]!, 0, { vars: [], columns: [], n: 0 }));
};

describe('no text from the user reaches the WGSL source', () => {
  it('renaming the parameters, even to WGSL keywords and the kernel’s own names, leaves the source unchanged', () => {
    const plain = sourceOf({ expr: 'sin(x)*y + x^2', params: ['x', 'y'], domain: SQUARE });
    for (const [a, b] of [
      ['f32', 'fn'],
      ['let', 'var'],
      ['st', 'prm'],
      ['main', 'bitcast'],
      ['p1', 'p0'],
      ['hasOwnProperty', 'process'],
    ]) {
      const renamed = sourceOf({ expr: `sin(${a})*${b} + ${a}^2`, params: [a!, b!], domain: SQUARE });
      expect(renamed).toBe(plain);
      expect(renamed).not.toContain('hasOwnProperty');
    }
  });

  it('re-prints numbers as float32 literals from their parsed values', () => {
    const src = sourceOf({ expr: '0.1000e1*x + 00002.50*y + 1e-300*x + 1e300*y', domain: SQUARE });
    expect(src).not.toContain('0.1000e1');
    expect(src).not.toContain('00002.50');
    expect(src).toContain('2.5f');
    // 1e300 is beyond float32: +∞ from its bit pattern; 1e-300 rounds to 0.
    expect(src).toContain('bitcast<f32>(0x7f800000u | nonconst)');
    expect(wgslNumber(0.1)).toBe('0.10000000149011612f');
    expect(wgslNumber(-2)).toBe('(-2.0f)');
    // The float32 nearest to 3e-8 is 0x3300d959 = 2.999999892949745e-8 (Python's struct agrees).
    expect(wgslNumber(3e-8)).toBe('2.999999892949745e-8f');
    expect(wgslNumber(-1e39)).toBe('(-bitcast<f32>(0x7f800000u | nonconst))');
    expect(wgslNumber(NaN)).toBe('bitcast<f32>(0x7fc00000u | nonconst)');
    expect(() => wgslNumber('1; fn x() {}' as unknown as number)).toThrow();
  });

  it('refuses what the whitelist refuses, before any source is made', () => {
    for (const expr of ['x.constructor', 'evaluate("1")', '"str"', 'x = 1', 'bitcast(x)', 'f32(x)'])
      expect(() => sourceOf({ expr, domain: SQUARE })).toThrow();
  });

  it('compiles every optimizer, gradient estimate and dynamics on the adapter', async () => {
    const { device } = await gpu();
    const loss = {
      expr: '0.5*(x*u + y*v - w)^2 + 0.1*abs(x)',
      data: { n: 50, vars: { u: { normal: [0, 1] }, v: { normal: [1, 1] }, w: { uniform: [0, 1] } } },
      domain: SQUARE,
    };
    const cov = [
      [1, 0.2],
      [0.2, 0.5],
    ];
    const runs = [
      ...OPTIMIZERS.map((o) => ({ optimizer: { type: o.type }, gradient: { kind: 'minibatch', batch: 2 } })),
      { optimizer: { type: 'rmsprop', secondMoment: 'examples' }, gradient: { kind: 'gaussian', batch: 3, cov } },
      { optimizer: { type: 'adam-simplified', secondMoment: 'examples' }, gradient: { kind: 'minibatch', batch: 3 } },
      { optimizer: { type: 'adam' }, gradient: { kind: 'gaussian', batch: 1, cov } },
      {
        optimizer: { type: 'sgd' },
        dynamics: { type: 'langevin', substeps: 2 },
        gradient: { kind: 'gaussian', batch: 1, cov },
      },
      { optimizer: { type: 'sgd' }, dynamics: { type: 'langevin' } },
      { optimizer: { type: 'sgd' }, dynamics: { type: 'gradient-flow', substeps: 2 } },
    ].map((r) => ({ ...r, start: [0.1, 0.2] }));
    const exp = experiment({ steps: 1, loss, runs });
    const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
    for (const [i, run] of exp.runs.entries()) {
      const code = wgslKernelSource(planRun(exp, run, i, data));
      const info = await device.createShaderModule({ code }).getCompilationInfo();
      expect(
        info.messages.filter((m) => m.type === 'error'),
        `run ${i}`,
      ).toEqual([]);
    }
  });
});

describe('the GPU’s random streams', () => {
  it('give the CPU’s u32 sequence and its minibatch rows for the same (key, particle, step)', async () => {
    const { device } = await gpu();
    const rows = 1000;
    const key = -123456789;
    const cases = [
      [0, 1],
      [1, 1],
      [7, 2],
      [99999, 12345],
    ] as const;
    const code = [
      `@group(0) @binding(0) var<storage, read_write> out: array<u32>;`,
      wgslRandom(rows),
      `@compute @workgroup_size(1) fn main() {`,
      ...cases.map(
        ([i, t], c) =>
          `seed_for(${key >>> 0}u, ${i}u, ${t}u); for (var j = 0u; j < 8u; j++) { out[${c * 16}u + j] = u32_next(); }` +
          ` for (var j = 8u; j < 16u; j++) { out[${c * 16}u + j] = pick(); }`,
      ),
      `}`,
    ].join('\n');
    const size = 4 * 16 * cases.length;
    const buf = device.createBuffer({ size, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC });
    const read = device.createBuffer({ size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const layout = device.createBindGroupLayout({
      entries: [{ binding: 0, visibility: ShaderStage.COMPUTE, buffer: { type: 'storage' } }],
    });
    const pipeline = await device.createComputePipelineAsync({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
    });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: buf } }] }));
    pass.dispatchWorkgroups(1);
    pass.end();
    enc.copyBufferToBuffer(buf, 0, read, 0, size);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(MapMode.READ);
    const got = Array.from(new Uint32Array(read.getMappedRange().slice(0)));
    read.unmap();
    buf.destroy();
    read.destroy();

    // The CPU's uniforms are (u + ½)/2³² of the same u32s; its rows are ⌊uniform · n⌋.
    const rng = randomModule();
    const uni = new Float64Array(16);
    const want = cases.flatMap(([i, t]) => {
      rng.uniforms(uni, key, i, t);
      return Array.from(uni, (u, j) => (j < 8 ? u * 2 ** 32 - 0.5 : Math.min(rows - 1, Math.floor(u * rows))));
    });
    expect(got).toEqual(want);
    expect(new Set(got.slice(0, 8)).size).toBe(8);
  });
});

describe('adapters', () => {
  it('tells software adapters from hardware ones', () => {
    const info = (vendor: string, architecture: string, description: string, isFallbackAdapter = false) => ({
      vendor,
      architecture,
      device: '',
      description,
      isFallbackAdapter,
    });
    expect(describeAdapter(info('google', 'swiftshader', 'SwiftShader driver 5.0.0', true))).toEqual({
      name: 'google swiftshader SwiftShader driver 5.0.0',
      software: true,
    });
    expect(describeAdapter(info('mesa', '', 'llvmpipe (LLVM 15.0.6, 256 bits)')).software).toBe(true);
    expect(describeAdapter(info('nvidia', 'hopper', 'NVIDIA H200'))).toEqual({
      name: 'nvidia hopper NVIDIA H200',
      software: false,
    });
  });
});
