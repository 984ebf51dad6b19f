import { describe, expect, it } from 'vitest';
import type { Frame, Surface } from '../../shared/contract/lab';
import {
  decodeFrame,
  decodeServerMessage,
  encodeFrame,
  encodeServerMessage,
  ClientMessageSchema,
} from '../../shared/contract/wire';

const frame: Frame = {
  run: 2,
  t: 123,
  lr: 0.01,
  loss: 1.5,
  lossMin: 0.25,
  lossMax: 3,
  examples: 1230,
  tau: 1.23,
  diverged: 4,
  positions: Float32Array.from([1, 2, 3, 4, -5.5, 6]),
  dims: 2,
};

describe('wire codec', () => {
  it('round-trips a frame through one ArrayBuffer', () => {
    const buffer = encodeFrame(frame);
    expect(buffer.byteLength).toBe(80 + 6 * 4);
    expect(decodeFrame(buffer)).toEqual(frame);
    expect(decodeServerMessage(buffer)).toEqual({ kind: 'frame', frame });
  });

  it('sends plain replies and states as JSON text', () => {
    const message = { kind: 'reply' as const, id: 3, reply: { ok: false as const, error: 'no' } };
    const encoded = encodeServerMessage(message);
    expect(typeof encoded).toBe('string');
    expect(decodeServerMessage(encoded)).toEqual(message);
  });

  it('carries Float32Arrays inside a reply (a surface) as binary blobs', () => {
    const surface: Surface = {
      resolution: 3,
      domain: [
        [-1, 1],
        [-2, 2],
      ],
      values: Float32Array.from({ length: 9 }, (_, i) => i / 3),
      min: 0,
      max: 8 / 3,
      levels: [0.1, 1],
    };
    const message = { kind: 'reply' as const, id: 9, reply: { ok: true as const, surface } };
    const encoded = encodeServerMessage(message);
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    const decoded = decodeServerMessage(encoded);
    expect(decoded).toEqual(message);
  });

  it('carries Float32Arrays nested in arrays of objects (an instant reply), leaving the message as it was', () => {
    const run = (k: number) => ({
      history: {
        t: [0, 1, 2],
        lr: [0.1, 0.1, 0.1],
        loss: [3, 2.5, 2 + k],
        lossMin: [3, 2.5, 2 + k],
        lossMax: [3, 2.5, 2 + k],
        examples: [0, 1, 2],
        tau: [0, 0.1, 0.2],
        path: [0.5, -1, 0.25, -0.5, 0.125, -0.25],
        dims: 2,
      },
      final: { ...frame, run: k, positions: Float32Array.from([k, -k, 2 * k, 0.5]) },
    });
    const message = {
      kind: 'reply' as const,
      id: 4,
      reply: { ok: true as const, instant: { generation: 7, every: 1, runs: [run(1), run(2), run(3)] } },
    };
    const copy = structuredClone(message);
    const encoded = encodeServerMessage(message);
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    // The message sent is untouched (its Float32Arrays were not swapped for references in place).
    expect(message).toEqual(copy);
    expect(message.reply.instant.runs[2]!.final.positions).toBeInstanceOf(Float32Array);
    const decoded = decodeServerMessage(encoded) as typeof message;
    expect(decoded).toEqual(message);
    expect(decoded.reply.instant.runs.map((r) => Array.from(r.final.positions))).toEqual([
      [1, -1, 2, 0.5],
      [2, -2, 4, 0.5],
      [3, -3, 6, 0.5],
    ]);
    // The third run's positions go as blob 2; a reference to a blob that is not there is refused.
    const bytes = new Uint8Array((encoded as ArrayBuffer).slice(0));
    const ref = new TextEncoder().encode('{"$f32":2}');
    const at = bytes.findIndex((_, i) => ref.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThan(0);
    bytes[at + 8] = '9'.charCodeAt(0);
    expect(() => decodeServerMessage(bytes.buffer)).toThrow('malformed message');
  });

  it('rejects truncated binary messages', () => {
    expect(() => decodeServerMessage(new ArrayBuffer(2))).toThrow();
    expect(() => decodeFrame(encodeFrame(frame).slice(0, 50))).toThrow();
  });

  it('validates client envelopes', () => {
    expect(ClientMessageSchema.safeParse({ id: 1, command: { type: 'play' } }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ id: -1, command: { type: 'play' } }).success).toBe(false);
    expect(ClientMessageSchema.safeParse({ id: 1, command: { type: 'rm -rf' } }).success).toBe(false);
  });
});
