/**
 * Issue 18, security 2, in process: packed positions write the nested arrays' JSON exactly; the
 * export hub computes one export for every request that arrives meanwhile and refuses, in words,
 * past its limits across clients (count and memory); a download with hundreds of backpressure waits
 * keeps its listeners bounded and emits no MaxListenersExceededWarning.
 */
import { ServerResponse, request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame, LabState, Reply } from '../../shared/contract/lab';
import { jsonChunks } from '../../shared/experiment/json-chunks';
import { PackedPositions } from '../../shared/experiment/packed-positions';
import { ExportHub } from '../../src-main/server/export-hub';
import { startLabServer } from '../../src-main/server/lab-server';
import type { LabBackend } from '../../src-main/host/lab-backend';
import { EXPORT_PATH } from '../../src-main/server/lab-socket';

afterEach(() => vi.restoreAllMocks());

/** Particle p's coordinate d at step s: a float32 value, with non-finite and −0 ones among them. */
function value(s: number, p: number, d: number): number {
  if (p === 7 && d === 1) return NaN;
  if (p === 8) return d === 0 ? Infinity : -Infinity;
  if (p === 9) return -0;
  return Math.fround((s + 1) * 0.1 + p * 1e-3 - d * 1e3);
}

describe('PackedPositions', () => {
  const dims = 2;
  const particles = 2500; // more than one piece of 1,024 particles
  const steps = 3;
  const data = new Float32Array(steps * particles * dims);
  for (let s = 0; s < steps; s++)
    for (let p = 0; p < particles; p++)
      for (let d = 0; d < dims; d++) data[(s * particles + p) * dims + d] = value(s, p, d);
  /** The nested arrays, built by hand: JSON writes non-finite numbers as null. */
  const nested = (s: number) =>
    Array.from({ length: particles }, (_, p) =>
      Array.from({ length: dims }, (_, d) => {
        const v = value(s, p, d);
        return Number.isFinite(v) ? v : null;
      }),
    );

  it('streams [step][particle][coordinate] as JSON.stringify writes the nested arrays', () => {
    const packed = new PackedPositions(data, dims, particles, steps);
    const expected = JSON.stringify({ positions: [nested(0), nested(1), nested(2)], n: 1 });
    expect([...jsonChunks({ positions: packed, n: 1 }, 1000)].join('')).toBe(expected);
    expect(JSON.stringify({ positions: packed, n: 1 })).toBe(expected);
  });

  it('streams one set of positions ([particle][coordinate]) and empty ones', () => {
    const final = new PackedPositions(data.subarray(0, particles * dims), dims, particles, null);
    expect([...jsonChunks([final])].join('')).toBe(JSON.stringify([nested(0)]));
    expect([...jsonChunks(new PackedPositions(new Float32Array(0), 2, 0, 0))].join('')).toBe('[]');
    expect([...jsonChunks(new PackedPositions(new Float32Array(0), 2, 0, 2))].join('')).toBe('[[],[]]');
    expect(() => new PackedPositions(new Float32Array(3), 2, 2, null)).toThrow(/hold 3 numbers, not 4/);
  });
});

/** A lab whose export takes until `finish` is called, counting how many it computed. */
class SlowLab implements LabBackend {
  computed = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly recording: unknown) {}
  async handle(raw: unknown): Promise<Reply> {
    if ((raw as { type?: string }).type !== 'export') return { ok: true };
    this.computed++;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return { ok: true, recording: this.recording };
  }
  finish(): void {
    for (const go of this.waiting.splice(0)) go();
  }
  state(): LabState {
    return { experiment: null, playing: false, stepsPerFrame: 1, backend: 'test', runs: [] };
  }
  onState(_cb: (state: LabState) => void) {
    return () => undefined;
  }
  onFrame(_cb: (frame: Frame) => void) {
    return () => undefined;
  }
}

describe('ExportHub', () => {
  it('computes one export for every request that arrives while it runs, and refuses past its count', async () => {
    const lab = new SlowLab({ runs: [] });
    const hub = new ExportHub(lab, { memoryBytes: 2 ** 30, maxRequests: 10 });
    const leases = Array.from({ length: 10 }, () => hub.acquire());
    expect(await hub.acquire()).toEqual({
      refused: 'the lab is busy with 10 exports for its pages (at most 10 at once): try again when one is done',
    });
    lab.finish();
    const got = await Promise.all(leases);
    expect(lab.computed).toBe(1);
    const shared = new Set(got.map((l) => ('shared' in l ? l.shared : null)));
    expect(shared.size).toBe(1);
    expect(hub.active).toBe(10);
    for (const l of got) if ('release' in l) l.release();
    expect(hub.active).toBe(0);
    // Once it is done, the next request computes the lab's state anew.
    const next = hub.acquire();
    lab.finish();
    await next;
    expect(lab.computed).toBe(2);
  });

  it('refuses a new export while the ones held take more than its memory', async () => {
    const packed = new PackedPositions(new Float32Array(1000), 2, 500, null); // 4,000 bytes
    const recording = { runs: [{ positions: packed, final: { positions: packed } }] };
    const lab = new SlowLab(recording);
    const hub = new ExportHub(lab, { memoryBytes: 8000 });
    const first = hub.acquire();
    lab.finish();
    const lease = await first;
    if (!('shared' in lease)) throw new Error(lease.refused);
    expect(hub.heldBytes).toBe(8000);
    expect(await hub.acquire()).toEqual({
      refused: 'the exports being sent hold 7.8 KB, over the limit of 7.8 KB: try again when a download has finished',
    });
    lease.release();
    expect(hub.heldBytes).toBe(0);
    const again = hub.acquire();
    lab.finish();
    expect(await again).toHaveProperty('shared');
  });
});

describe('GET /api/export', () => {
  it('keeps its listeners bounded over a download with hundreds of backpressure waits', async () => {
    const particles = 200_000;
    const data = new Float32Array(particles * 2).map((_, i) => Math.fround(i * 1e-3 + 0.1));
    const recording = {
      format: 'sgd-lab/recording',
      runs: [{ positions: new PackedPositions(data, 2, particles, null) }],
    };
    const lab = new SlowLab(recording);
    const server = await startLabServer({ lab, rendererDir: '/nonexistent', port: 0, log: () => undefined });
    const warnings = vi.spyOn(process, 'emitWarning');
    const write = ServerResponse.prototype.write;
    let waits = 0;
    let mostListeners = 0;
    vi.spyOn(ServerResponse.prototype, 'write').mockImplementation(function (this: ServerResponse, ...args: unknown[]) {
      mostListeners = Math.max(mostListeners, this.listenerCount('close'), this.listenerCount('drain'));
      const ok = (write as (...a: unknown[]) => boolean).apply(this, args);
      if (!ok) waits++;
      return ok;
    });
    try {
      const body = new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: EXPORT_PATH,
            headers: { Cookie: `sgd_lab_${server.port}=${server.token}` },
          },
          (res) => {
            const parts: Buffer[] = [];
            // A slow reader: a pause after every piece.
            res.on('data', (c: Buffer) => {
              parts.push(c);
              res.pause();
              setTimeout(() => res.resume(), 1);
            });
            res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
          },
        );
        req.on('error', reject);
        req.end();
      });
      await new Promise((r) => setTimeout(r, 50));
      lab.finish();
      const text = await body;
      const rows = Array.from({ length: particles }, (_, p) => [data[2 * p], data[2 * p + 1]]);
      expect(text).toBe(JSON.stringify({ format: 'sgd-lab/recording', runs: [{ positions: rows }] }));
      expect(waits).toBeGreaterThan(50);
      expect(mostListeners).toBeLessThanOrEqual(3);
      expect(warnings.mock.calls.filter((c) => String(c[0]).includes('MaxListeners'))).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
